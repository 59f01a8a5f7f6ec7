using System.Net;
using System.Text.Json;
using OpenAI.Chat;
using Providers.Abstractions;
using Providers.Host.Tests.Fakes;

namespace Providers.Host.Tests.Server;

/// <summary><c>usage</c> on <c>/v1/chat/completions</c>: the provider's <see cref="UsageItem"/>, as OpenAI shapes it.</summary>
public sealed class TokenUsageTests
{
    private readonly FakeProvider _provider = FakeProvider.Create("Fake", ["fake-1"]);

    [Fact]
    public async Task CompleteChat_ProviderReportsUsage_SdkReadsTheCounts()
    {
        _provider.StreamCallback = (_, _) => Items(new TextDelta("hi"), new UsageItem(11, 3, 14), new FinishItem(FinishReason.Stop));
        await using var server = await RunningServer.StartAsync(FakeCatalog.Of(_provider));

        ChatCompletion completion = await server.ChatClient("fake-1").CompleteChatAsync([new UserChatMessage("hi")]);

        Assert.Equal("hi", Assert.Single(completion.Content).Text);
        Assert.Equal((11, 3, 14), (completion.Usage.InputTokenCount, completion.Usage.OutputTokenCount, completion.Usage.TotalTokenCount));
    }

    [Fact]
    public async Task CompleteChatStreaming_ProviderReportsUsage_SdkReadsItFromTheLastUpdate()
    {
        _provider.StreamCallback = (_, _) => Items(new TextDelta("a"), new TextDelta("b"), new UsageItem(5, 2, 7), new FinishItem(FinishReason.Stop));
        await using var server = await RunningServer.StartAsync(FakeCatalog.Of(_provider));

        var updates = new List<StreamingChatCompletionUpdate>();
        await foreach (var update in server.ChatClient("fake-1").CompleteChatStreamingAsync([new UserChatMessage("hi")]))
        {
            updates.Add(update);
        }

        Assert.Equal("ab", string.Concat(updates.SelectMany(u => u.ContentUpdate).Select(p => p.Text)));
        var usage = updates[^1].Usage;
        Assert.NotNull(usage);
        Assert.Equal((5, 2, 7), (usage.InputTokenCount, usage.OutputTokenCount, usage.TotalTokenCount));
        Assert.Equal(ChatFinishReason.Stop, updates[^2].FinishReason);
        Assert.All(updates.SkipLast(1), u => Assert.Null(u.Usage));
    }

    [Fact]
    public async Task Post_StreamWithIncludeUsage_LastChunkBeforeDoneHasUsageAndEmptyChoices()
    {
        _provider.StreamCallback = (_, _) => Items(new TextDelta("a"), new UsageItem(5, 2, 7), new FinishItem(FinishReason.Stop));
        await using var server = await RunningServer.StartAsync(FakeCatalog.Of(_provider));

        using var response = await server.PostChatAsync(StreamJson(includeUsage: true));
        var chunks = Chunks(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(4, chunks.Count);
        Assert.Equal("stop", chunks[2].GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.Equal("chat.completion.chunk", chunks[3].GetProperty("object").GetString());
        Assert.Equal(chunks[0].GetProperty("id").GetString(), chunks[3].GetProperty("id").GetString());
        Assert.Equal("[]", chunks[3].GetProperty("choices").GetRawText());
        Assert.Equal("""{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7}""", chunks[3].GetProperty("usage").GetRawText());
        Assert.All(chunks.SkipLast(1), c => Assert.False(c.TryGetProperty("usage", out _)));
    }

    [Fact]
    public async Task Post_StreamWithoutIncludeUsage_NoUsageChunk()
    {
        _provider.StreamCallback = (_, _) => Items(new TextDelta("a"), new UsageItem(5, 2, 7), new FinishItem(FinishReason.Stop));
        await using var server = await RunningServer.StartAsync(FakeCatalog.Of(_provider));

        using var response = await server.PostChatAsync(StreamJson(includeUsage: false));
        var chunks = Chunks(await response.Content.ReadAsStringAsync());

        Assert.Equal(3, chunks.Count);
        Assert.Equal("stop", chunks[^1].GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.All(chunks, c => Assert.False(c.TryGetProperty("usage", out _)));
    }

    [Fact]
    public async Task Post_StreamWithIncludeUsage_ProviderReportsNone_EndsWithTheFinishChunk()
    {
        _provider.StreamCallback = (_, _) => Items(new TextDelta("a"), new FinishItem(FinishReason.Stop));
        await using var server = await RunningServer.StartAsync(FakeCatalog.Of(_provider));

        using var response = await server.PostChatAsync(StreamJson(includeUsage: true));
        var chunks = Chunks(await response.Content.ReadAsStringAsync());

        Assert.Equal(3, chunks.Count);
        Assert.Equal("stop", chunks[^1].GetProperty("choices")[0].GetProperty("finish_reason").GetString());
    }

    [Fact]
    public async Task Post_NonStream_TotalNotReported_IsTheSumOfTheOthers()
    {
        _provider.StreamCallback = (_, _) => Items(new TextDelta("a"), new UsageItem(5, 2, null), new FinishItem(FinishReason.Stop));
        await using var server = await RunningServer.StartAsync(FakeCatalog.Of(_provider));

        using var response = await server.PostChatAsync(ChatCompletionsTests.ChatJson("fake-1", stream: false));
        var body = await RunningServer.ReadJsonAsync(response);

        Assert.Equal("""{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7}""", body.GetProperty("usage").GetRawText());
    }

    private static string StreamJson(bool includeUsage) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["model"] = "fake-1",
        ["stream"] = true,
        ["stream_options"] = new Dictionary<string, bool> { ["include_usage"] = includeUsage },
        ["messages"] = new[] { new Dictionary<string, string> { ["role"] = "user", ["content"] = "hi" } },
    });

    private static List<JsonElement> Chunks(string body)
    {
        Assert.EndsWith("\n\ndata: [DONE]\n\n", body, StringComparison.Ordinal);
        var events = body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        return [.. events[..^1].Select(e => JsonDocument.Parse(e["data: ".Length..]).RootElement.Clone())];
    }

    private static async IAsyncEnumerable<ResponseItem> Items(params ResponseItem[] items)
    {
        foreach (var item in items)
        {
            await Task.Yield();
            yield return item;
        }
    }
}
