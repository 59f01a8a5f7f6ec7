using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using Providers.Abstractions;
using Providers.Host.Tests.Fakes;
using Providers.Host.Tests.Server;

namespace Providers.Host.Tests.Hostile;

/// <summary>A burst beyond the cap waits in the queue, and beyond the queue is refused with 503 and Retry-After.</summary>
public sealed class ConcurrencyCapTests
{
    [Fact]
    public async Task Chat_BeyondCapAndQueue_Returns503WithRetryAfterInOpenAIShape_AndQueuedOneIsServedLater()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var provider = FakeProvider.Create("Fake", ["fake-1"]);
        provider.StreamCallback = (_, token) => WaitThenText(release.Task, token);
        await using var server = await LimitedServer.StartAsync(FakeCatalog.Of(provider), maxConcurrent: 1, maxQueued: 1);

        var running = Post(server);
        await Poll.UntilAsync(() => provider.Calls == 1, "the first request reached the provider");
        // One of the two waits in the queue; the other finds it full and is answered at once.
        Task<HttpResponseMessage>[] contenders = [Post(server), Post(server)];
        var first503 = await Task.WhenAny(contenders);
        using var refused = await first503;
        var queued = contenders.Single(c => c != first503);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("1", refused.Headers.GetValues("Retry-After").Single());
        ChatCompletionsTests.AssertError(await RunningServer.ReadJsonAsync(refused), "server_error", "server_overloaded",
            "The server is handling its limit of 1 requests and its queue is full; retry after the Retry-After delay.");
        Assert.Equal(1, provider.Calls);

        release.SetResult();
        using var first = await running;
        using var second = await queued;
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, second.StatusCode));
        Assert.Equal(2, provider.Calls);
    }

    [Fact]
    public async Task Health_WhileChatIsAtTheCap_IsNotQueued()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var provider = FakeProvider.Create("Fake", ["fake-1"]);
        provider.StreamCallback = (_, token) => WaitThenText(release.Task, token);
        await using var server = await LimitedServer.StartAsync(FakeCatalog.Of(provider), maxConcurrent: 1, maxQueued: 0);
        var running = Post(server);
        await Poll.UntilAsync(() => provider.Calls == 1, "the first request reached the provider");

        using var health = await server.Http.GetAsync("health");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        release.SetResult();
        (await running).Dispose();
    }

    private static Task<HttpResponseMessage> Post(LimitedServer server) =>
        server.Http.PostAsync("v1/chat/completions",
            new StringContent(ChatCompletionsTests.ChatJson("fake-1", stream: false), Encoding.UTF8, "application/json"));

    private static async IAsyncEnumerable<ResponseItem> WaitThenText(Task release, [EnumeratorCancellation] CancellationToken token)
    {
        await release.WaitAsync(token);
        yield return new TextDelta("ok");
        yield return new FinishItem(FinishReason.Stop);
    }
}
