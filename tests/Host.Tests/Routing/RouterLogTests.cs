using System.Net;
using Microsoft.Extensions.Logging;
using Providers.Abstractions;
using Providers.Host.Configuration;
using Providers.Host.Routing;
using Providers.Host.Tests.Fakes;
using ChatMessage = Providers.Abstractions.ChatMessage;
using ChatRole = Providers.Abstractions.ChatRole;

namespace Providers.Host.Tests.Routing;

/// <summary>Every routing decision leaves one log line with the provider, the model and why.</summary>
public sealed class RouterLogTests
{
    private readonly RecordingTimeProvider _time = new();
    private readonly ListLogger<RouterProvider> _logger = new(LogLevel.Trace);
    private readonly FakeProvider _first = FakeProvider.Create("First", ["m"]);
    private readonly FakeProvider _second = FakeProvider.Create("Second", ["m"]);

    [Fact]
    public async Task CreateAsyncGenerator_RetryThenFailover_LogsEveryAttemptInOrder()
    {
        _first.StreamCallback = (_, token) => FakeProvider.Fail(new UpstreamException("First", HttpStatusCode.ServiceUnavailable, null, "HTTP 503"), token);
        var router = Router(FakeCatalog.Of(_first, _second), new RoutingOptions { MaxRetries = 1, InitialBackoffMilliseconds = 100 });

        var run = Collect.AllAsync(router.CreateAsyncGenerator(Request()));
        _time.Advance(await _time.NextTimerAsync());
        await run;

        Assert.Equal(
            [
                (200, "Model m resolves to First/m, Second/m"),
                (203, "Trying First with m (attempt 1)"),
                (205, "First failed for m before any output (HTTP 503); retrying in 00:00:00.1000000"),
                (203, "Trying First with m (attempt 2)"),
                (206, "First failed for m before any output; trying the next candidate"),
                (203, "Trying Second with m (attempt 1)"),
                (208, "Serving m with Second"),
            ],
            _logger.Entries.Where(e => e.EventId != 204).Select(e => (e.EventId, e.Message)));
        Assert.Equal(3, _logger.Entries.Count(e => e is { EventId: 204, Level: LogLevel.Trace }));
    }

    [Fact]
    public async Task CreateAsyncGenerator_EveryCandidateFails_SaysTheLastErrorIsReported()
    {
        _first.StreamCallback = (_, token) => FakeProvider.Fail(new InvalidOperationException("bug"), token);
        var router = Router(FakeCatalog.Of(_first), new RoutingOptions { MaxRetries = 0 });

        await Assert.ThrowsAsync<InvalidOperationException>(() => Collect.AllAsync(router.CreateAsyncGenerator(Request())));

        Assert.Contains((210, "Every candidate for m failed; reporting the last error"), Messages());
    }

    [Fact]
    public async Task CreateAsyncGenerator_FailsAfterOutput_SaysThereIsNoFailover()
    {
        _first.StreamCallback = (_, token) => FakeProvider.TextThenFail("partial", new IOException("reset"), token);
        var router = Router(FakeCatalog.Of(_first), new RoutingOptions());

        await Assert.ThrowsAsync<IOException>(() => Collect.AllAsync(router.CreateAsyncGenerator(Request())));

        var entry = Assert.Single(_logger.Entries, e => e.EventId == 209);
        Assert.Equal((LogLevel.Warning, "First failed for m after output had been sent; no failover, the error surfaces"), (entry.Level, entry.Message));
    }

    [Fact]
    public async Task CreateAsyncGenerator_ProviderGivesUpOnItsOwnAfterOutput_IsLoggedAsAFailure()
    {
        _first.StreamCallback = (_, token) => FakeProvider.TextThenFail("partial", new OperationCanceledException("its own timeout"), token);
        var router = Router(FakeCatalog.Of(_first), new RoutingOptions());

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Collect.AllAsync(router.CreateAsyncGenerator(Request())));

        Assert.Single(_logger.Entries, e => e.EventId == 209);
    }

    [Fact]
    public async Task CreateAsyncGenerator_CallerCancelsAfterOutput_IsNotLoggedAsAFailure()
    {
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _first.StreamCallback = (_, token) => FakeProvider.TextThenHang("partial", cancelled, token);
        var router = Router(FakeCatalog.Of(_first), new RoutingOptions());
        using var cts = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var item in router.CreateAsyncGenerator(Request(), new RouteContext(), cts.Token))
            {
                await cts.CancelAsync();
            }
        });

        Assert.True(cancelled.Task.IsCompleted);
        Assert.DoesNotContain(_logger.Entries, e => e.EventId == 209);
    }

    [Fact]
    public async Task CreateAsyncGenerator_ContinuedConversation_SaysItIsPinned()
    {
        var router = Router(FakeCatalog.Of(_first, _second), new RoutingOptions());
        var request = Request() with { Conversation = new ConversationState { Provider = "Second", Model = "m" } };

        await Collect.AllAsync(router.CreateAsyncGenerator(request));

        Assert.Contains((211, "Request for m continues a conversation of Second; pinned to it"), Messages());
    }

    [Fact]
    public async Task CreateAsyncGenerator_HistoryOnlyMattersWithEarlierTurns_PreferenceLoggedOnlyThen()
    {
        var forgetful = FakeProvider.Create("Forgetful", ["m"], history: false);
        var router = Router(new FakeCatalog([FakeCatalog.Entry(forgetful, priority: 10), FakeCatalog.Entry(_second)]), new RoutingOptions());
        var route = new RouteContext();

        await Collect.AllAsync(router.CreateAsyncGenerator(Request(), route));
        Assert.Equal("Forgetful/m", route.Selected?.ToString());
        Assert.DoesNotContain(_logger.Entries, e => e.EventId == 202);

        await Collect.AllAsync(router.CreateAsyncGenerator(Request(new(ChatRole.User, "hi"), new(ChatRole.Assistant, "hello"), new(ChatRole.User, "more"))));

        Assert.Contains((202, "Preferring providers that keep history for m: the request carries earlier turns"), Messages());
    }

    [Fact]
    public async Task CreateAsyncGenerator_HistoryAndEveryCandidateKeepsIt_NoPreferenceLogged()
    {
        var router = Router(FakeCatalog.Of(_first, _second), new RoutingOptions());

        await Collect.AllAsync(router.CreateAsyncGenerator(Request(new(ChatRole.User, "hi"), new(ChatRole.Assistant, "hello"), new(ChatRole.User, "more"))));

        Assert.DoesNotContain(_logger.Entries, e => e.EventId == 202);
    }

    [Fact]
    public async Task CreateAsyncGenerator_RequestAdapted_SaysHowAndOnlyThen()
    {
        var plain = FakeProvider.Create("Plain", ["m"], systemMessages: false);
        var router = Router(FakeCatalog.Of(plain), new RoutingOptions());

        await Collect.AllAsync(router.CreateAsyncGenerator(Request()));
        Assert.DoesNotContain(_logger.Entries, e => e.EventId == 213);
        await Collect.AllAsync(router.CreateAsyncGenerator(Request(new(ChatRole.System, "Be terse."), new(ChatRole.User, "hi"))));

        Assert.Equal((213, "Adapted the request for Plain m: SystemFolded"), Assert.Single(Messages(), e => e.EventId == 213));
    }

    [Fact]
    public async Task Breaker_TrialRequestSucceeds_LogsTheTrialAndTheReturn()
    {
        var fail = true;
        _first.StreamCallback = (_, token) => fail ? FakeProvider.Fail(new IOException("reset"), token) : FakeProvider.Text(["back"], token);
        var router = Router(FakeCatalog.Of(_first), new RoutingOptions { MaxRetries = 0, FailuresBeforeCooldown = 2, CooldownSeconds = 10 });
        await Assert.ThrowsAsync<IOException>(() => Collect.AllAsync(router.CreateAsyncGenerator(Request())));
        await Assert.ThrowsAsync<IOException>(() => Collect.AllAsync(router.CreateAsyncGenerator(Request())));
        _time.Advance(TimeSpan.FromSeconds(10));
        fail = false;

        await Collect.AllAsync(router.CreateAsyncGenerator(Request()));

        var messages = Messages();
        Assert.Contains((214, "First rested long enough for m; letting one trial request through"), messages);
        Assert.Contains((212, "First serves m again: a trial request succeeded"), messages);
    }

    private List<(int EventId, string Message)> Messages() => [.. _logger.Entries.Select(e => (e.EventId, e.Message))];

    private RouterProvider Router(FakeCatalog catalog, RoutingOptions options) => new(catalog, options, _time, _logger);

    private static ChatRequest Request(params ChatMessage[] messages) =>
        new() { Model = "m", Messages = messages.Length > 0 ? messages : [new ChatMessage(ChatRole.User, "hi")] };
}
