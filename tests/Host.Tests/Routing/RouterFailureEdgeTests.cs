using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Providers.Abstractions;
using Providers.Host.Configuration;
using Providers.Host.Routing;
using Providers.Host.Tests.Fakes;
using ChatMessage = Providers.Abstractions.ChatMessage;
using ChatRole = Providers.Abstractions.ChatRole;

namespace Providers.Host.Tests.Routing;

/// <summary>The edges of retries, rests and streams: bounds met exactly, empty replies, disposal and cancellation after output.</summary>
public sealed class RouterFailureEdgeTests
{
    private readonly RecordingTimeProvider _time = new();
    private readonly FakeProvider _first = FakeProvider.Create("First", ["m"]);
    private readonly FakeProvider _second = FakeProvider.Create("Second", ["m"]);

    [Fact]
    public async Task Retry_RetryAfterExactlyTheMaximumBackoff_IsStillWaitedFor()
    {
        var calls = 0;
        _first.StreamCallback = (_, token) => Interlocked.Increment(ref calls) == 1
            ? FakeProvider.Fail(new RateLimitedException("First", TimeSpan.FromSeconds(5), null, "slow down"), token)
            : FakeProvider.Text(["ok"], token);
        var router = Router(FakeCatalog.Of(_first, _second), new RoutingOptions { MaxRetries = 1, MaxBackoffMilliseconds = 5_000 });

        var run = Collect.AllAsync(router.CreateAsyncGenerator(Request()));
        var delay = await _time.NextTimerAsync();
        _time.Advance(delay);

        Assert.Equal("ok", Collect.Text(await run));
        Assert.Equal(TimeSpan.FromSeconds(5), delay);
        Assert.Equal((2, 0), (_first.Calls, _second.Calls));
    }

    [Fact]
    public async Task Retry_RetryAfterInThePast_RetriesAtOnce()
    {
        var calls = 0;
        _first.StreamCallback = (_, token) => Interlocked.Increment(ref calls) == 1
            ? FakeProvider.Fail(new RateLimitedException("First", TimeSpan.FromSeconds(-3), null, "slow down"), token)
            : FakeProvider.Text(["ok"], token);
        var router = Router(FakeCatalog.Of(_first), new RoutingOptions { MaxRetries = 1, InitialBackoffMilliseconds = 1_000 });

        var items = await Collect.AllAsync(router.CreateAsyncGenerator(Request()));

        Assert.Equal("ok", Collect.Text(items));
        Assert.Equal(2, _first.Calls);
        Assert.False(_time.HasPendingReport);
    }

    [Fact]
    public async Task Breaker_CooldownZero_NeverRestsAProvider()
    {
        _first.StreamCallback = (_, token) => FakeProvider.Fail(Upstream(HttpStatusCode.InternalServerError), token);
        var router = Router(FakeCatalog.Of(_first), new RoutingOptions { MaxRetries = 0, FailuresBeforeCooldown = 2, CooldownSeconds = 0 });

        for (var i = 0; i < 5; i++)
        {
            await Assert.ThrowsAsync<UpstreamException>(() => Collect.AllAsync(router.CreateAsyncGenerator(Request())));
        }

        Assert.Equal(5, _first.Calls);
    }

    [Fact]
    public async Task Breaker_LongCooldown_FailuresFurtherApartThanThirtySecondsStillCountAsInARow()
    {
        _first.StreamCallback = (_, token) => FakeProvider.Fail(Upstream(HttpStatusCode.InternalServerError), token);
        var router = Router(FakeCatalog.Of(_first), new RoutingOptions { MaxRetries = 0, FailuresBeforeCooldown = 2, CooldownSeconds = 120 });

        await Assert.ThrowsAsync<UpstreamException>(() => Collect.AllAsync(router.CreateAsyncGenerator(Request())));
        _time.Advance(TimeSpan.FromSeconds(60));
        await Assert.ThrowsAsync<UpstreamException>(() => Collect.AllAsync(router.CreateAsyncGenerator(Request())));
        var resting = await Assert.ThrowsAsync<NoAvailableProviderException>(() => Collect.AllAsync(router.CreateAsyncGenerator(Request())));

        Assert.Equal(TimeSpan.FromSeconds(120), resting.RetryAfter);
        Assert.Equal(2, _first.Calls);
    }

    [Fact]
    public async Task Breaker_ShortCooldown_FailuresWithinThirtySecondsStillCountAsInARow()
    {
        _first.StreamCallback = (_, token) => FakeProvider.Fail(Upstream(HttpStatusCode.InternalServerError), token);
        var router = Router(FakeCatalog.Of(_first), new RoutingOptions { MaxRetries = 0, FailuresBeforeCooldown = 2, CooldownSeconds = 10 });

        await Assert.ThrowsAsync<UpstreamException>(() => Collect.AllAsync(router.CreateAsyncGenerator(Request())));
        _time.Advance(TimeSpan.FromSeconds(20));
        await Assert.ThrowsAsync<UpstreamException>(() => Collect.AllAsync(router.CreateAsyncGenerator(Request())));
        var resting = await Assert.ThrowsAsync<NoAvailableProviderException>(() => Collect.AllAsync(router.CreateAsyncGenerator(Request())));

        Assert.Equal(TimeSpan.FromSeconds(10), resting.RetryAfter);
        Assert.Equal(2, _first.Calls);
    }

    [Fact]
    public async Task Retry_MaxBackoffZero_RetriesAtOnceWithoutATimer()
    {
        var calls = 0;
        _first.StreamCallback = (_, token) => Interlocked.Increment(ref calls) <= 2
            ? FakeProvider.Fail(Upstream(HttpStatusCode.ServiceUnavailable), token)
            : FakeProvider.Text(["ok"], token);
        var router = Router(FakeCatalog.Of(_first), new RoutingOptions { MaxRetries = 2, InitialBackoffMilliseconds = 100, MaxBackoffMilliseconds = 0 });

        // The fake clock is never advanced: a backoff above 0 would wait on it for ever.
        var items = await Collect.AllAsync(router.CreateAsyncGenerator(Request())).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(("ok", 3), (Collect.Text(items), calls));
    }

    [Fact]
    public void Parts_NullArgument_ThrowArgumentNullNamingIt()
    {
        var breakers = new CircuitBreakers(new RoutingOptions(), _time, NullLogger.Instance);
        var candidate = new RouteCandidate("First", _first, _first.Metadata, "m");

        Assert.Equal("candidate", Assert.Throws<ArgumentNullException>(() => breakers.For(null!)).ParamName);
        Assert.Equal("options", Assert.Throws<ArgumentNullException>(() => RetryPipeline.Create(null!, _time, NullLogger.Instance)).ParamName);
        Assert.Equal("layer", Assert.Throws<ArgumentNullException>(() => new ProviderPipelineBuilder(_first).Use(null!)).ParamName);
        Assert.Equal("innerProvider", Assert.Throws<ArgumentNullException>(() => new RequestAdaptingProvider(null!, candidate, NullLogger.Instance)).ParamName);
    }

    [Fact]
    public async Task Breaker_EveryCandidateResting_RetryAtIsTheEarliestEndOfARest()
    {
        _first.StreamCallback = (_, token) => FakeProvider.Fail(Upstream(HttpStatusCode.InternalServerError), token);
        _second.StreamCallback = (_, token) => FakeProvider.Fail(Upstream(HttpStatusCode.InternalServerError), token);
        var options = new RoutingOptions { MaxRetries = 0, FailuresBeforeCooldown = 2, CooldownSeconds = 30 };
        var router = Router(new FakeCatalog([FakeCatalog.Entry(_first, priority: 1), FakeCatalog.Entry(_second)]), options);
        var started = _time.GetUtcNow();

        // First rests from 10 s (until 40 s), Second from 20 s (until 50 s); the list order is First, Second.
        await Assert.ThrowsAsync<UpstreamException>(() => Collect.AllAsync(router.CreateAsyncGenerator(Request(), new RouteContext { PinnedProvider = "Second" })));
        _time.Advance(TimeSpan.FromSeconds(10));
        await Assert.ThrowsAsync<UpstreamException>(() => Collect.AllAsync(router.CreateAsyncGenerator(Request(), new RouteContext { PinnedProvider = "First" })));
        await Assert.ThrowsAsync<UpstreamException>(() => Collect.AllAsync(router.CreateAsyncGenerator(Request(), new RouteContext { PinnedProvider = "First" })));
        _time.Advance(TimeSpan.FromSeconds(10));
        await Assert.ThrowsAsync<UpstreamException>(() => Collect.AllAsync(router.CreateAsyncGenerator(Request(), new RouteContext { PinnedProvider = "Second" })));
        _time.Advance(TimeSpan.FromSeconds(5));

        var error = await Assert.ThrowsAsync<NoAvailableProviderException>(() => Collect.AllAsync(router.CreateAsyncGenerator(Request())));

        Assert.Equal(started + TimeSpan.FromSeconds(40), error.RetryAt);
        Assert.Equal(TimeSpan.FromSeconds(15), error.RetryAfter);
        Assert.Equal("Every provider serving 'm' is resting after repeated failures (First/m, Second/m); retry after 2026-01-01T00:00:40.0000000+00:00.", error.Message);
        Assert.Equal("First/m, Second/m", error.Provider);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public async Task CreateAsyncGenerator_OnlyCandidateEndsWithoutOutput_ThrowsEmptyReplyNamingIt()
    {
        _first.StreamCallback = (_, _) => AsyncEnumerable.Empty<ResponseItem>();
        var router = Router(FakeCatalog.Of(_first), new RoutingOptions { MaxRetries = 0 });

        var error = await Assert.ThrowsAsync<ProviderStreamException>(() => Collect.AllAsync(router.CreateAsyncGenerator(Request())));

        Assert.Equal(("First", "empty reply", "First ended the reply without any output."), (error.Provider, error.Reason, error.Message));
    }

    [Fact]
    public async Task CreateAsyncGenerator_CallerCancelsAfterOutputAndTheProviderIgnoresIt_StopsWithCancellation()
    {
        _first.StreamCallback = (_, _) => Deaf(["one", "two", "three"]);
        var router = Router(FakeCatalog.Of(_first), new RoutingOptions());
        using var cts = new CancellationTokenSource();
        var received = new List<string>();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var item in router.CreateAsyncGenerator(Request(), new RouteContext(), cts.Token))
            {
                received.Add(((TextDelta)item).Text);
                await cts.CancelAsync();
            }
        });

        Assert.Equal(["one"], received);
    }

    private RouterProvider Router(FakeCatalog catalog, RoutingOptions options) =>
        new(catalog, options, _time, NullLogger<RouterProvider>.Instance);

    private static ChatRequest Request() => new() { Model = "m", Messages = [new ChatMessage(ChatRole.User, "hi")] };

    private static UpstreamException Upstream(HttpStatusCode status) => new("First", status, null, $"HTTP {(int)status}");

    // A provider that never looks at the token.
    private static async IAsyncEnumerable<ResponseItem> Deaf(string[] pieces)
    {
        foreach (var piece in pieces)
        {
            await Task.Yield();
            yield return new TextDelta(piece);
        }
    }
}
