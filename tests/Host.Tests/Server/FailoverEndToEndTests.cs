using System.Net;
using System.Text;
using System.Text.Json;
using OpenAI.Chat;
using Providers.Abstractions;
using Providers.Host.Tests.Fakes;

namespace Providers.Host.Tests.Server;

public sealed class FailoverEndToEndTests
{
    private readonly FakeProvider _preferred = FakeProvider.Create("Preferred", ["shared"]);
    private readonly FakeProvider _fallback = FakeProvider.Create("Fallback", ["shared"]);

    [Fact]
    public async Task CompleteChatStreaming_PreferredFailsBeforeOutput_FallbackServesTheReply()
    {
        _preferred.StreamCallback = (_, token) => FakeProvider.Fail(new UpstreamException("Preferred", HttpStatusCode.BadGateway, null, "down"), token);
        _fallback.StreamCallback = (_, token) => FakeProvider.Text(["served ", "by ", "fallback"], token);
        await using var server = await RunningServer.StartAsync(Catalog());

        var text = new StringBuilder();
        await foreach (var update in server.ChatClient("shared").CompleteChatStreamingAsync([new UserChatMessage("hi")]))
        {
            text.Append(string.Concat(update.ContentUpdate.Select(p => p.Text)));
        }

        Assert.Equal("served by fallback", text.ToString());
        Assert.Equal((1, 1), (_preferred.Calls, _fallback.Calls));
    }

    [Fact]
    public async Task PostStream_PreferredFailsAfterOutput_ErrorEventFollowsTheTextOnceAndNoFallback()
    {
        _preferred.StreamCallback = (_, token) => FakeProvider.TextThenFail("partial",
            new ProviderStreamException("Preferred", "connection reset", "Preferred cut the stream."), token);
        await using var server = await RunningServer.StartAsync(Catalog());

        using var response = await server.PostChatAsync(ChatCompletionsTests.ChatJson("shared", stream: true));
        var events = (await response.Content.ReadAsStringAsync()).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("data: [DONE]", events);
        var payloads = events.Select(e => JsonDocument.Parse(e["data: ".Length..]).RootElement).ToList();
        var texts = payloads.Where(p => p.TryGetProperty("choices", out _))
            .Select(p => p.GetProperty("choices")[0].GetProperty("delta"))
            .Select(d => d.TryGetProperty("content", out var c) ? c.GetString() : "");
        Assert.Equal("partial", string.Concat(texts));
        ChatCompletionsTests.AssertError(payloads[^1], "upstream_error", "upstream_failure", "Preferred cut the stream.");
        Assert.Equal((1, 0), (_preferred.Calls, _fallback.Calls));
    }

    [Fact]
    public async Task CompleteChat_PreferredFailsAfterOutput_NonStreamingClientGets502WithoutPartialText()
    {
        _preferred.StreamCallback = (_, token) => FakeProvider.TextThenFail("partial",
            new ProviderStreamException("Preferred", "connection reset", "Preferred cut the stream."), token);
        await using var server = await RunningServer.StartAsync(Catalog());

        using var response = await server.PostChatAsync(ChatCompletionsTests.ChatJson("shared", stream: false));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        ChatCompletionsTests.AssertError(await RunningServer.ReadJsonAsync(response), "upstream_error", "upstream_failure", "Preferred cut the stream.");
        Assert.Equal(0, _fallback.Calls);
    }

    private FakeCatalog Catalog() => new([FakeCatalog.Entry(_preferred, priority: 10), FakeCatalog.Entry(_fallback, priority: 1)]);
}
