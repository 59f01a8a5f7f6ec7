using System.Text;
using Providers.Abstractions;
using Providers.AllenAI.Tests.Fakes;

namespace Providers.AllenAI.Tests;

/// <summary>The conversation state the provider hands back, and its injected clock.</summary>
public sealed class AllenAIProviderConversationTests
{
    [Fact]
    public async Task CreateAsyncGenerator_Completed_StateSerialisesAsTheContractsConversationFile()
    {
        await using var server = await KestrelAi2Server.StartAsync(KestrelAi2Server.Respond(200, FixtureFile.Read("era-a-follow-up.jsonl")));
        using var harness = ProviderHarness.Create(server.MessageStreamEndpoint);

        var reply = await ReplyRecording.CollectAsync(harness.Provider.CreateAsyncGenerator(Requests.Ask("Thanks! Now say goodbye in Spanish.")));

        var id = server.Requests.Single().Headers["X-Anonymous-User-ID"];
        var json = reply.Conversation!.ToJsonBytes();
        var root = System.Text.Json.JsonDocument.Parse(json).RootElement;
        // Flat, snake_case, exactly the contract's keys (the serializer writes extension data last).
        Assert.Equal(["messages", "model", "parent", "provider", "x_anonymous_user_id"], root.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        var roundTrip = ConversationState.FromJson(json);
        Assert.Equal("AllenAI", roundTrip.Provider);
        Assert.Equal("tulu3-405b", roundTrip.Model);
        Assert.Equal("msg_S5E3J8F1Z6", roundTrip.Get("parent"));
        Assert.Equal(id, roundTrip.Get("x_anonymous_user_id"));
        Assert.Equal(
            [new ChatMessage(ChatRole.User, "Thanks! Now say goodbye in Spanish."), new ChatMessage(ChatRole.Assistant, "You're welcome! Adiós y hasta luego 🙂")],
            roundTrip.Messages);
    }

    [Fact]
    public async Task CreateAsyncGenerator_StallWithInjectedClock_TimesOutWhenTheClockPassesTheLimit()
    {
        var lines = WireLines.FixtureLines("era-a-new-thread.jsonl");
        var sent = new TaskCompletionSource();
        await using var server = new RawHttpServer(async exchange =>
        {
            await exchange.SendHeadAsync();
            await exchange.SendAsync(Encoding.ASCII.GetBytes(lines[0] + lines[1]));
            sent.SetResult();
            await exchange.WaitForClientCloseAsync(TimeSpan.FromSeconds(30));
        });
        var clock = new WatchedTimeProvider();
        using var harness = new ProviderHarness(server.Endpoint, timeProvider: clock);
        var items = new List<ResponseItem>();
        await using var reply = harness.Provider.CreateAsyncGenerator(Requests.Ask("hi")).GetAsyncEnumerator();

        Assert.True(await reply.MoveNextAsync());
        items.Add(reply.Current);
        var armings = clock.Armings;
        var next = reply.MoveNextAsync().AsTask();
        await sent.Task;
        // Everything sent has been read, so the next read is the one that waits on the silence.
        await clock.WhenArmedAsync(armings + 1).WaitAsync(TimeSpan.FromSeconds(30));
        clock.Advance(TimeSpan.FromSeconds(119));
        Assert.False(next.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1));

        var error = await Assert.ThrowsAsync<ProviderTimeoutException>(() => next.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("Ai2 sent nothing for 120 s (timeoutSeconds); the request was abandoned.", error.Message);
        Assert.Equal([new TextDelta("Hello")], items);
    }

    [Theory]
    [InlineData("abc\r\nX-Injected: 1")]
    [InlineData("abc\ndef")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("abc\tdef")]
    [InlineData("abc\u0000")]
    [InlineData("abc\u007F")]
    public async Task CreateAsyncGenerator_BadAnonymousUserIdInConversation_UsageErrorBeforeAnyRequest(string anonymousUserId)
    {
        await using var server = await KestrelAi2Server.StartAsync(KestrelAi2Server.Respond(200, FixtureFile.Read("era-a-follow-up.jsonl")));
        using var harness = ProviderHarness.Create(server.MessageStreamEndpoint);

        var reply = await ReplyRecording.CollectAsync(harness.Provider.CreateAsyncGenerator(
            Continuation(parent: "msg_V8C1M5X2R7", anonymousUserId)));

        var error = Assert.IsType<InvalidChatRequestException>(reply.Error);
        Assert.Equal("x_anonymous_user_id", error.Parameter);
        Assert.StartsWith("conversation: x_anonymous_user_id ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.DoesNotContain('\r', error.Message);
        Assert.Empty(reply.Items);
        Assert.Empty(server.Requests);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("hello")]
    [InlineData("msg_")]
    [InlineData("MSG_V8C1M5X2R7")]
    [InlineData("msg_V8C1M5X2R7\r\nX-Injected: 1")]
    [InlineData("msg_V8C1M5X2R7\n")]
    [InlineData("msg_V8C1 M5X2R7")]
    [InlineData("../msg_V8C1M5X2R7")]
    public async Task CreateAsyncGenerator_ParentNotAMessageId_UsageErrorBeforeAnyRequest(string parent)
    {
        await using var server = await KestrelAi2Server.StartAsync(KestrelAi2Server.Respond(200, FixtureFile.Read("era-a-follow-up.jsonl")));
        using var harness = ProviderHarness.Create(server.MessageStreamEndpoint);

        var reply = await ReplyRecording.CollectAsync(harness.Provider.CreateAsyncGenerator(
            Continuation(parent, anonymousUserId: "5f0c6f8e-9d0e-4c36-9a43-0b1c2d3e4f50")));

        var error = Assert.IsType<InvalidChatRequestException>(reply.Error);
        Assert.Equal("parent", error.Parameter);
        Assert.StartsWith("conversation: parent ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.DoesNotContain('\r', error.Message);
        Assert.Empty(reply.Items);
        Assert.Empty(server.Requests);
    }

    private static ChatRequest Continuation(string parent, string anonymousUserId) => new()
    {
        Model = "tulu3-405b",
        Messages = [new ChatMessage(ChatRole.User, "Thanks! Now say goodbye in Spanish.")],
        Conversation = new ConversationState
        {
            Provider = "AllenAI",
            Model = "tulu3-405b",
            Messages = [new ChatMessage(ChatRole.User, "Say hello."), new ChatMessage(ChatRole.Assistant, "Hello!")],
        }.With("parent", parent).With("x_anonymous_user_id", anonymousUserId),
    };
}
