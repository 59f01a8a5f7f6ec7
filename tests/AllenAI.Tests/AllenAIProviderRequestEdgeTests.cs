using Providers.Abstractions;
using Providers.AllenAI.Tests.Fakes;

namespace Providers.AllenAI.Tests;

/// <summary>The edges of what a request may carry: accepted exactly at each limit, refused just past it, before any I/O.</summary>
public sealed class AllenAIProviderRequestEdgeTests
{
    [Theory]
    [InlineData(0.01, "0.01")]
    [InlineData(1.0, "1")]
    public async Task TopPAtAnEdge_Accepted(double topP, string sent)
    {
        var (reply, requests) = await SendAsync(Requests.Ask("hi") with { TopP = topP });

        Assert.Null(reply.Error);
        Assert.Equal(sent, requests.Single().Single("top_p"));
    }

    [Theory]
    [InlineData(1, "1")]
    [InlineData(2048, "2048")]
    public async Task MaxTokensAtAnEdge_Accepted(int maxTokens, string sent)
    {
        var (reply, requests) = await SendAsync(Requests.Ask("hi") with { MaxTokens = maxTokens });

        Assert.Null(reply.Error);
        Assert.Equal(sent, requests.Single().Single("max_tokens"));
    }

    [Fact]
    public async Task OutOfRangeValues_NamedInTheMessage()
    {
        var (temperature, _) = await SendAsync(Requests.Ask("hi") with { Temperature = 1.5 });
        var (topP, _) = await SendAsync(Requests.Ask("hi") with { TopP = 0 });
        var (maxTokens, requests) = await SendAsync(Requests.Ask("hi") with { MaxTokens = 4096 });

        Assert.Equal("temperature must be between 0 and 1 in steps of 0.01 for Ai2, not 1.5.", temperature.Error!.Message);
        Assert.Equal("top_p must be between 0.01 and 1 in steps of 0.01 for Ai2, not 0.", topP.Error!.Message);
        Assert.Equal("max_tokens must be between 1 and 2048 for Ai2, not 4096.", maxTokens.Error!.Message);
        Assert.Empty(requests);
    }

    [Fact]
    public async Task PrivateOptionNotABoolean_RefusedNamingTheValue()
    {
        var (reply, requests) = await SendAsync(Requests.Ask("hi") with { Options = new Dictionary<string, string> { ["private"] = "maybe" } });

        var error = Assert.IsType<InvalidChatRequestException>(reply.Error);
        Assert.Equal("private", error.Parameter);
        Assert.Equal("private must be true or false, not 'maybe'.", error.Message);
        Assert.Empty(requests);
    }

    [Fact]
    public async Task NoPrivateOption_SendsPrivateTrue()
    {
        var (_, requests) = await SendAsync(Requests.Ask("hi"));

        Assert.Equal("true", requests.Single().Single("private"));
    }

    [Fact]
    public async Task BlankHostOption_FallsBackToTheModelsHost()
    {
        var (_, requests) = await SendAsync(Requests.Ask("hi", "olmoe-0125") with { Options = new Dictionary<string, string> { ["host"] = "  " } });

        Assert.Equal("modal", requests.Single().Single("host"));
    }

    [Fact]
    public async Task NoMessages_Refused()
    {
        var (reply, requests) = await SendAsync(new ChatRequest { Model = "tulu3-405b", Messages = [] });

        var error = Assert.IsType<InvalidChatRequestException>(reply.Error);
        Assert.Equal("messages", error.Parameter);
        Assert.Equal("At least one message is required.", error.Message);
        Assert.Empty(requests);
    }

    [Fact]
    public async Task ContinuationWithoutAUserMessage_Refused()
    {
        var request = Continuation("5f0c6f8e-9d0e-4c36-9a43-0b1c2d3e4f50") with { Messages = [new ChatMessage(ChatRole.Assistant, "Hello!")] };

        var (reply, requests) = await SendAsync(request);

        var error = Assert.IsType<InvalidChatRequestException>(reply.Error);
        Assert.Equal("messages", error.Parameter);
        Assert.Equal("The request has no user message to send.", error.Message);
        Assert.Empty(requests);
    }

    [Theory]
    [InlineData(" abc")]
    [InlineData("abc ")]
    public async Task AnonymousIdWithSurroundingSpace_Refused(string anonymousUserId)
    {
        var (reply, requests) = await SendAsync(Continuation(anonymousUserId));

        Assert.Equal("x_anonymous_user_id", Assert.IsType<InvalidChatRequestException>(reply.Error).Parameter);
        Assert.Empty(requests);
    }

    [Fact]
    public async Task AnonymousIdOfPrintableAscii_SentAsIs()
    {
        var (reply, requests) = await SendAsync(Continuation("a b~!"));

        Assert.Null(reply.Error);
        Assert.Equal("a b~!", requests.Single().Headers["X-Anonymous-User-ID"]);
    }

    [Fact]
    public async Task AnonymousIdWithoutParent_IsNotReused()
    {
        var request = Requests.Ask("hi") with
        {
            Conversation = new ConversationState { Provider = "AllenAI", Model = "tulu3-405b" }.With("x_anonymous_user_id", "stale-id"),
        };

        var (reply, requests) = await SendAsync(request);

        Assert.Null(reply.Error);
        var sent = requests.Single().Headers["X-Anonymous-User-ID"];
        Assert.NotEqual("stale-id", sent);
        Assert.True(Guid.TryParseExact(sent, "D", out _), sent);
        Assert.Equal(sent, reply.Conversation!.Get("x_anonymous_user_id"));
    }

    private static ChatRequest Continuation(string anonymousUserId) => new()
    {
        Model = "tulu3-405b",
        Messages = [new ChatMessage(ChatRole.User, "Thanks!")],
        Conversation = new ConversationState
        {
            Provider = "AllenAI",
            Model = "tulu3-405b",
            Messages = [new ChatMessage(ChatRole.User, "Say hello."), new ChatMessage(ChatRole.Assistant, "Hello!")],
        }.With("parent", "msg_V8C1M5X2R7").With("x_anonymous_user_id", anonymousUserId),
    };

    private static async Task<(ReplyRecording Reply, IReadOnlyList<RecordedRequest> Requests)> SendAsync(ChatRequest request)
    {
        await using var server = await KestrelAi2Server.StartAsync(KestrelAi2Server.Respond(200, FixtureFile.Read("era-a-new-thread.jsonl")));
        using var harness = ProviderHarness.Create(server.MessageStreamEndpoint);
        var reply = await ReplyRecording.CollectAsync(harness.Provider.CreateAsyncGenerator(request));
        return (reply, [.. server.Requests]);
    }
}
