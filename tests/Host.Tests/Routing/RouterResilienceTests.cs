using System.Net;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging.Abstractions;
using Providers.Abstractions;
using Providers.Host.Configuration;
using Providers.Host.Routing;
using Providers.Host.Tests.Fakes;
using ChatMessage = Providers.Abstractions.ChatMessage;
using ChatRole = Providers.Abstractions.ChatRole;

namespace Providers.Host.Tests.Routing;

/// <summary>Circuit breaking per provider and model, Retry-After, alias fallbacks and catalog snapshots.</summary>
public sealed class RouterResilienceTests
{
    private readonly RecordingTimeProvider _time = new();
    private readonly RouteContext _route = new();

    [Fact]
    public async Task Breaker_OneModelKeepsFailing_RestsThatModelOnlyNotItsSibling()
    {
        var provider = FakeProvider.Create("P", ["a", "b"]);
        provider.StreamCallback = (request, token) => request.Model == "a" ? FakeProvider.Fail(Upstream(HttpStatusCode.InternalServerError), token) : FakeProvider.Text(["from b"], token);
        var router = Router(FakeCatalog.Of(provider), new RoutingOptions { MaxRetries = 0, FailuresBeforeCooldown = 2, CooldownSeconds = 60 });

        await Assert.ThrowsAsync<UpstreamException>(() => Collect.AllAsync(router.CreateAsyncGenerator(Request("a"))));
        await Assert.ThrowsAsync<UpstreamException>(() => Collect.AllAsync(router.CreateAsyncGenerator(Request("a"))));
        var resting = await Assert.ThrowsAsync<NoAvailableProviderException>(() => Collect.AllAsync(router.CreateAsyncGenerator(Request("a"))));
        var sibling = await Collect.AllAsync(router.CreateAsyncGenerator(Request("b"), _route));

        Assert.Equal(TimeSpan.FromSeconds(60), resting.RetryAfter);
        Assert.Equal("from b", Collect.Text(sibling));
        Assert.Equal("P/b", _route.Selected?.ToString());
        Assert.Equal(["a", "a", "b"], provider.Requests.Select(r => r.Model));
    }

    [Fact]
    public async Task Breaker_AfterTheBreak_OneTrialRequestFindsRecoveryWhileOthersStillWait()
    {
        var provider = FakeProvider.Create("P", ["a"]);
        provider.StreamCallback = (_, token) => FakeProvider.Fail(Upstream(HttpStatusCode.BadGateway), token);
        var router = Router(FakeCatalog.Of(provider), new RoutingOptions { MaxRetries = 0, FailuresBeforeCooldown = 2, CooldownSeconds = 30 });
        await Assert.ThrowsAsync<UpstreamException>(() => Collect.AllAsync(router.CreateAsyncGenerator(Request("a"))));
        await Assert.ThrowsAsync<UpstreamException>(() => Collect.AllAsync(router.CreateAsyncGenerator(Request("a"))));

        _time.Advance(TimeSpan.FromSeconds(29));
        await Assert.ThrowsAsync<NoAvailableProviderException>(() => Collect.AllAsync(router.CreateAsyncGenerator(Request("a"))));
        _time.Advance(TimeSpan.FromSeconds(1));
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        provider.StreamCallback = (_, token) => TextWhenReleased("recovered", started, release, token);
        var trial = Collect.AllAsync(router.CreateAsyncGenerator(Request("a")));
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));

        // While the trial runs, everybody else still waits: recovery is found by one request.
        await Assert.ThrowsAsync<NoAvailableProviderException>(() => Collect.AllAsync(router.CreateAsyncGenerator(Request("a"))));
        release.SetResult();
        Assert.Equal("recovered", Collect.Text(await trial));
        var after = await Collect.AllAsync(router.CreateAsyncGenerator(Request("a")));

        Assert.Equal("recovered", Collect.Text(after));
        Assert.Equal(4, provider.Calls);
    }

    [Fact]
    public async Task Retry_Upstream503WithRetryAfterWithinBound_WaitsExactlyRetryAfter()
    {
        var provider = FakeProvider.Create("P", ["a"]);
        var calls = 0;
        provider.StreamCallback = (_, token) => Interlocked.Increment(ref calls) == 1
            ? FakeProvider.Fail(new UpstreamException("P", HttpStatusCode.ServiceUnavailable, null, "busy") { RetryAfter = TimeSpan.FromSeconds(2) }, token)
            : FakeProvider.Text(["ok"], token);
        var router = Router(FakeCatalog.Of(provider), new RoutingOptions { MaxRetries = 2, InitialBackoffMilliseconds = 200, MaxBackoffMilliseconds = 5_000 });

        var run = Collect.AllAsync(router.CreateAsyncGenerator(Request("a")));
        var delay = await _time.NextTimerAsync();
        _time.Advance(delay);

        Assert.Equal("ok", Collect.Text(await run));
        Assert.Equal(TimeSpan.FromSeconds(2), delay);
        Assert.Equal(2, provider.Calls);
    }

    [Fact]
    public async Task AliasFallbacks_FirstTargetFailsBeforeOutputAfterItsRetries_SecondTargetServes()
    {
        var (first, second) = (FakeProvider.Create("First", ["a"]), FakeProvider.Create("Second", ["b"]));
        first.StreamCallback = (_, token) => FakeProvider.Fail(Upstream(HttpStatusCode.InternalServerError), token);
        second.StreamCallback = (_, token) => FakeProvider.Text(["from ", "second"], token);
        var catalog = new FakeCatalog([FakeCatalog.Entry(first), FakeCatalog.Entry(second)],
            new Dictionary<string, string[]> { ["smart"] = ["First/a", "Second/b"] });
        var router = Router(catalog, new RoutingOptions { MaxRetries = 1, InitialBackoffMilliseconds = 0 });

        var items = await Collect.AllAsync(router.CreateAsyncGenerator(Request("smart"), _route));

        Assert.Equal([new TextDelta("from "), new TextDelta("second"), new FinishItem(FinishReason.Stop)], items);
        Assert.Equal("Second/b", _route.Selected?.ToString());
        Assert.Equal((2, "b"), (first.Calls, Assert.Single(second.Requests).Model));
    }

    [Fact]
    public async Task AliasFallbacks_FirstTargetFailsAfterText_ErrorSurfacesAndSecondIsNeverAsked()
    {
        var (first, second) = (FakeProvider.Create("First", ["a"]), FakeProvider.Create("Second", ["b"]));
        var cut = new ProviderStreamException("First", "connection reset", "cut", isTransient: true);
        first.StreamCallback = (_, token) => FakeProvider.TextThenFail("partial", cut, token);
        var catalog = new FakeCatalog([FakeCatalog.Entry(first), FakeCatalog.Entry(second)],
            new Dictionary<string, string[]> { ["smart"] = ["a", "b"] });
        var router = Router(catalog, new RoutingOptions { MaxRetries = 2 });
        var received = new List<ResponseItem>();

        var error = await Assert.ThrowsAsync<ProviderStreamException>(() => Collect.AllAsync(router.CreateAsyncGenerator(Request("smart")), received));

        Assert.Same(cut, error);
        Assert.Equal([new TextDelta("partial")], received);
        Assert.Equal((1, 0), (first.Calls, second.Calls));
    }

    [Fact]
    public void Resolve_AliasWithFallbacks_CandidatesOfEachTargetInOrderSkippingUnknownTargets()
    {
        var (first, second) = (FakeProvider.Create("First", ["a"]), FakeProvider.Create("Second", ["b", "a"]));
        var catalog = new FakeCatalog([FakeCatalog.Entry(first, priority: 1), FakeCatalog.Entry(second)],
            new Dictionary<string, string[]> { ["smart"] = ["nope", "Second/b", "a"], ["SMARTER"] = ["smart"] });
        var resolver = new ModelRouteResolver(catalog);

        Assert.Equal(["Second/b", "First/a", "Second/a"], resolver.Resolve("smart").Select(c => c.ToString()));
        Assert.Equal(["Second/b", "First/a", "Second/a"], resolver.Resolve("smarter").Select(c => c.ToString()));
    }

    [Fact]
    public void Resolve_AliasWhoseTargetsAllFail_ThrowsTheFirstTargetsError()
    {
        var catalog = new FakeCatalog([FakeCatalog.Entry(FakeProvider.Create("First", ["a"]))],
            new Dictionary<string, string[]> { ["smart"] = ["nope", "gone"] });

        var error = Assert.Throws<ModelNotFoundException>(() => new ModelRouteResolver(catalog).Resolve("smart"));

        Assert.Equal("Unknown model 'smart' (alias of 'nope'). Valid: a, smart.", error.Message);
    }

    [Fact]
    public void Resolve_TenThousandAliases_LookupsDoNotScanThemAll()
    {
        var aliases = Enumerable.Range(0, 10_000).ToDictionary(i => $"alias-{i}", i => new[] { i % 2 == 0 ? "a" : $"alias-{i - 1}" });
        var catalog = new FakeCatalog([FakeCatalog.Entry(FakeProvider.Create("First", ["a"]))], aliases);
        var resolver = new ModelRouteResolver(catalog);

        // Resolving every alias case-insensitively would be 10⁸ comparisons if each lookup scanned the aliases.
        for (var i = 0; i < 10_000; i++)
        {
            Assert.Equal("First/a", resolver.Resolve($"ALIAS-{i}").Single().ToString());
        }
    }

    [Fact]
    public async Task Router_CatalogReplaced_EachRequestUsesTheSnapshotCurrentWhenItStarted()
    {
        var (first, second) = (FakeProvider.Create("First", ["a"]), FakeProvider.Create("Second", ["a"]));
        var source = new ProviderCatalogSource(FakeCatalog.Of(first));
        var router = new RouterProvider(source, new RoutingOptions(), _time, NullLogger<RouterProvider>.Instance);

        await Collect.AllAsync(router.CreateAsyncGenerator(Request("a"), _route));
        Assert.Equal("First/a", _route.Selected?.ToString());
        _ = source.Replace(FakeCatalog.Of(second));
        await Collect.AllAsync(router.CreateAsyncGenerator(Request("a"), _route));

        Assert.Equal("Second/a", _route.Selected?.ToString());
        Assert.Equal((1, 1), (first.Calls, second.Calls));
        Assert.Equal(["Second"], router.EligibleProviders.Select(e => e.Name));
    }

    [Fact]
    public async Task PinnedProvider_ResolvedByTheRouterOnce_OnlyThatProviderIsAsked()
    {
        var (first, second) = (FakeProvider.Create("First", ["a"]), FakeProvider.Create("Second", ["a"]));
        var router = Router(new FakeCatalog([FakeCatalog.Entry(first, priority: 5), FakeCatalog.Entry(second)]), new RoutingOptions());
        var pinned = new RouteContext { PinnedProvider = "second" };

        await Collect.AllAsync(router.CreateAsyncGenerator(Request("a"), pinned));
        var unknown = await Assert.ThrowsAsync<InvalidChatRequestException>(
            () => Collect.AllAsync(router.CreateAsyncGenerator(Request("a"), new RouteContext { PinnedProvider = "Third" })));

        Assert.Equal("Second/a", pinned.Selected?.ToString());
        Assert.Equal((0, 1), (first.Calls, second.Calls));
        Assert.Equal(("provider", "Unknown provider 'Third'. Known: First, Second."), (unknown.Parameter, unknown.Message));
    }

    private RouterProvider Router(FakeCatalog catalog, RoutingOptions options) =>
        new(catalog, options, _time, NullLogger<RouterProvider>.Instance);

    private static ChatRequest Request(string model) => new() { Model = model, Messages = [new ChatMessage(ChatRole.User, "hi")] };

    private static UpstreamException Upstream(HttpStatusCode status) => new("P", status, null, $"HTTP {(int)status}");

    private static async IAsyncEnumerable<ResponseItem> TextWhenReleased(string text, TaskCompletionSource started, TaskCompletionSource release,
        [EnumeratorCancellation] CancellationToken token)
    {
        started.TrySetResult();
        await release.Task.WaitAsync(token);
        yield return new TextDelta(text);
        yield return new FinishItem(FinishReason.Stop);
    }
}
