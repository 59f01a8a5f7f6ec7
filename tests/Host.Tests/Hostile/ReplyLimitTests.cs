using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using Providers.Abstractions;
using Providers.Host.Tests.Fakes;
using Providers.Host.Tests.Server;

namespace Providers.Host.Tests.Hostile;

/// <summary>A non-stream reply is held in memory only up to a bound, whatever the upstream sends back.</summary>
public sealed class ReplyLimitTests
{
    [Fact]
    public async Task Chat_NonStreamReplyBeyondTheBound_Returns502AndStopsReadingTheUpstream()
    {
        var pulled = 0;
        var provider = FakeProvider.Create("Fake", ["fake-1"]);
        provider.StreamCallback = (_, token) => Endless(() => pulled++, token);
        await using var server = await LimitedServer.StartAsync(FakeCatalog.Of(provider), maxReplyChars: 10);

        using var response = await server.Http.PostAsync("v1/chat/completions",
            new StringContent(ChatCompletionsTests.ChatJson("fake-1", stream: false), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        ChatCompletionsTests.AssertError(await RunningServer.ReadJsonAsync(response), "upstream_error", "reply_too_large",
            "The provider's reply exceeds 10 characters, the most a non-stream response holds; use \"stream\": true.");
        Assert.Equal(3, pulled);
    }

    [Fact]
    public async Task Chat_NonStreamReplyAtTheBound_IsServedWhole()
    {
        var provider = FakeProvider.Create("Fake", ["fake-1"]);
        provider.StreamCallback = (_, token) => FakeProvider.Text(["abcd", "efghij"], token);
        await using var server = await LimitedServer.StartAsync(FakeCatalog.Of(provider), maxReplyChars: 10);

        using var response = await server.Http.PostAsync("v1/chat/completions",
            new StringContent(ChatCompletionsTests.ChatJson("fake-1", stream: false), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await RunningServer.ReadJsonAsync(response);
        Assert.Equal("abcdefghij", body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
    }

    // Four characters a piece, for ever: only the bound ends it (after the third piece, 12 > 10).
    private static async IAsyncEnumerable<ResponseItem> Endless(Action pulled, [EnumeratorCancellation] CancellationToken token)
    {
        while (true)
        {
            await Task.Yield();
            token.ThrowIfCancellationRequested();
            pulled();
            yield return new TextDelta("abcd");
        }
    }
}
