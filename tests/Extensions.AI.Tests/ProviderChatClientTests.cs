using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Providers.Abstractions;
using AIChatMessage = Microsoft.Extensions.AI.ChatMessage;
using AIChatRole = Microsoft.Extensions.AI.ChatRole;
using ChatRole = Providers.Abstractions.ChatRole;

namespace Providers.Extensions.AI.Tests;

public sealed class ProviderChatClientTests
{
    private static readonly ConversationState State = new ConversationState
    {
        Provider = "Fake",
        Model = "fake-1",
        Messages = [new(ChatRole.User, "hi"), new(ChatRole.Assistant, "Hello there")],
    }.With("parent", "msg_1");

    [Fact]
    public async Task GetStreamingResponseAsync_TextThenFinish_YieldsTextInOrderAndFinishReasonLast()
    {
        using var client = FakeProvider.Replying(new TextDelta("Hel"), new TextDelta("lo "), new TextDelta(" "), new FinishItem(FinishReason.Stop)).AsChatClient();

        var updates = await ToListAsync(client.GetStreamingResponseAsync([new AIChatMessage(AIChatRole.User, "hi")]));

        Assert.Equal(["Hel", "lo ", " ", ""], updates.Select(u => u.Text));
        Assert.All(updates.SkipLast(1), u => Assert.Null(u.FinishReason));
        Assert.Equal(ChatFinishReason.Stop, updates[^1].FinishReason);
        Assert.All(updates, u => Assert.Equal(AIChatRole.Assistant, u.Role));
        Assert.Single(updates.Select(u => u.ResponseId).Distinct());
        Assert.All(updates, u => Assert.Equal("fake-1", u.ModelId));
    }

    [Fact]
    public async Task GetResponseAsync_ReasoningAndText_KeepsReasoningOutOfTextAndReportsLength()
    {
        using var client = FakeProvider.Replying(new ReasoningDelta("think "), new ReasoningDelta("hard"), new TextDelta("42"), new FinishItem(FinishReason.Length)).AsChatClient();

        var response = await client.GetResponseAsync([new AIChatMessage(AIChatRole.User, "question")]);

        Assert.Equal("42", response.Text);
        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
        var reasoning = response.Messages.SelectMany(m => m.Contents).OfType<TextReasoningContent>();
        Assert.Equal("think hard", string.Concat(reasoning.Select(r => r.Text)));
    }

    [Fact]
    public async Task GetResponseAsync_WithOptions_MapsEveryOptionToTheRequest()
    {
        var provider = FakeProvider.Replying(new TextDelta("ok"), new FinishItem(FinishReason.Stop));
        using var client = provider.AsChatClient();
        var options = new ChatOptions { ModelId = "fake-1", Temperature = 0.5f, TopP = 0.25f, MaxOutputTokens = 7, StopSequences = ["END", "STOP"] };

        await client.GetResponseAsync(
            [new AIChatMessage(AIChatRole.System, "be brief"), new AIChatMessage(AIChatRole.User, "hi"), new AIChatMessage(AIChatRole.Assistant, "yo"), new AIChatMessage(AIChatRole.User, "again")],
            options);

        var request = Assert.Single(provider.Requests);
        Assert.Equal("fake-1", request.Model);
        Assert.Equal(0.5, request.Temperature);
        Assert.Equal(0.25, request.TopP);
        Assert.Equal(7, request.MaxTokens);
        Assert.Equal(["END", "STOP"], request.Stop);
        Assert.Null(request.Conversation);
        Assert.Equal(
            [new(ChatRole.System, "be brief"), new(ChatRole.User, "hi"), new(ChatRole.Assistant, "yo"), new(ChatRole.User, "again")],
            request.Messages);
    }

    [Fact]
    public async Task GetResponseAsync_ProviderReturnsState_ConversationIdContinuesWithThatState()
    {
        var provider = FakeProvider.Replying(new TextDelta("Hello there"), new ConversationUpdate(State), new FinishItem(FinishReason.Stop));
        using var client = provider.AsChatClient();

        var first = await client.GetResponseAsync([new AIChatMessage(AIChatRole.User, "hi")]);
        await client.GetResponseAsync([new AIChatMessage(AIChatRole.User, "and then?")], new ChatOptions { ConversationId = first.ConversationId });

        Assert.NotNull(first.ConversationId);
        var continued = provider.Requests[1];
        Assert.Equal([new Providers.Abstractions.ChatMessage(ChatRole.User, "and then?")], continued.Messages);
        Assert.NotNull(continued.Conversation);
        Assert.Equal("msg_1", continued.Conversation.Get("parent"));
        Assert.Equal(State.Messages, continued.Conversation.Messages);
        Assert.Equal("Fake", continued.Conversation.Provider);
    }

    [Fact]
    public async Task GetResponseAsync_ForeignConversationId_ThrowsInvalidChatRequest()
    {
        var provider = FakeProvider.Replying(new FinishItem(FinishReason.Stop));
        using var client = provider.AsChatClient();

        var error = await Assert.ThrowsAsync<InvalidChatRequestException>(() =>
            client.GetResponseAsync([new AIChatMessage(AIChatRole.User, "hi")], new ChatOptions { ConversationId = "conv_123" }));

        Assert.Equal("conversation_id", error.Parameter);
        Assert.Empty(provider.Requests);
    }

    [Fact]
    public async Task GetResponseAsync_ToolMessage_ThrowsInvalidChatRequest()
    {
        var provider = FakeProvider.Replying(new FinishItem(FinishReason.Stop));
        using var client = provider.AsChatClient();

        var error = await Assert.ThrowsAsync<InvalidChatRequestException>(() =>
            client.GetResponseAsync([new AIChatMessage(AIChatRole.Tool, "42")]));

        Assert.Equal("messages", error.Parameter);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_CallerCancels_ProviderTokenIsCancelled()
    {
        var providerSawCancel = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var provider = new FakeProvider((_, token) => TextThenWait(providerSawCancel, token));
        using var client = provider.AsChatClient();
        using var cts = new CancellationTokenSource();

        await using var updates = client.GetStreamingResponseAsync([new AIChatMessage(AIChatRole.User, "hi")], cancellationToken: cts.Token).GetAsyncEnumerator();
        Assert.True(await updates.MoveNextAsync());
        var next = updates.MoveNextAsync().AsTask();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next);
        await providerSawCancel.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void GetService_ChatClientMetadata_DescribesTheProvider()
    {
        var provider = FakeProvider.Replying();
        using var client = provider.AsChatClient();

        var metadata = client.GetService<ChatClientMetadata>();

        Assert.NotNull(metadata);
        Assert.Equal("Fake", metadata.ProviderName);
        Assert.Equal(new Uri("https://api.fake.example/chat"), metadata.ProviderUri);
        Assert.Equal("fake-1", metadata.DefaultModelId);
        Assert.Same(provider, client.GetService<IAsyncGeneratorProvider>());
        Assert.Same(client, client.GetService<ProviderChatClient>());
        Assert.Null(client.GetService<ChatClientMetadata>(serviceKey: "other"));
    }

    private static async IAsyncEnumerable<ResponseItem> TextThenWait(TaskCompletionSource sawCancel, [EnumeratorCancellation] CancellationToken token)
    {
        yield return new TextDelta("first");
        try
        {
            await Task.Delay(Timeout.Infinite, token);
        }
        finally
        {
            if (token.IsCancellationRequested)
            {
                sawCancel.TrySetResult();
            }
        }
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> source)
    {
        var list = new List<T>();
        await foreach (var item in source)
        {
            list.Add(item);
        }

        return list;
    }
}
