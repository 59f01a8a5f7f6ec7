using System.Net;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Providers.Abstractions;
using Providers.Extensions.AI;
using Providers.Host.Configuration;
using Providers.Host.Routing;
using Providers.Host.Tests.Fakes;
using ChatMessage = Providers.Abstractions.ChatMessage;
using ChatRole = Providers.Abstractions.ChatRole;

namespace Providers.Host.Tests.Routing;

public sealed class RouterProviderTests
{
    private readonly FakeProvider _first = FakeProvider.Create("First", ["m"]);
    private readonly FakeProvider _second = FakeProvider.Create("Second", ["m"]);
    private readonly RecordingTimeProvider _time = new();

    [Fact]
    public async Task CreateAsyncGenerator_FirstFailsBeforeOutput_SecondServesTheWholeReply()
    {
        _first.StreamCallback = (_, token) => FakeProvider.Fail(Upstream(HttpStatusCode.BadRequest), token);
        _second.StreamCallback = (_, token) => FakeProvider.Text(["from ", "second"], token);
        var router = CreateRouter(new RoutingOptions { MaxRetries = 0 });

        var items = await Collect.AllAsync(router.CreateAsyncGenerator(Request()));

        Assert.Equal(new RouteSelected("Second", "m"), items[0]);
        Assert.Equal("from second", Collect.Text(items));
        Assert.Equal(new FinishItem(FinishReason.Stop), items[^1]);
        Assert.Equal((1, 1), (_first.Calls, _second.Calls));
    }

    [Fact]
    public async Task CreateAsyncGenerator_FailsAfterOutput_ErrorSurfacesWithoutFailoverOrDuplicateText()
    {
        var midStream = new ProviderStreamException("First", "connection reset", "cut", isTransient: true);
        _first.StreamCallback = (_, token) => FakeProvider.TextThenFail("partial", midStream, token);
        var router = CreateRouter(new RoutingOptions { MaxRetries = 3 });
        var received = new List<ResponseItem>();

        var error = await Assert.ThrowsAsync<ProviderStreamException>(() => Collect.AllAsync(router.CreateAsyncGenerator(Request()), received));

        Assert.Same(midStream, error);
        Assert.Equal([new RouteSelected("First", "m"), new TextDelta("partial")], received);
        Assert.Equal((1, 0), (_first.Calls, _second.Calls));
    }

    [Fact]
    public async Task CreateAsyncGenerator_StateThenTransientFailureBeforeText_RetriesThenFailsOverWithoutTheFailedState()
    {
        _first.StreamCallback = (_, token) => StateThen(FirstState, FakeProvider.Fail(Upstream(HttpStatusCode.ServiceUnavailable), token));
        _second.StreamCallback = (_, token) => FakeProvider.Text(["from ", "second"], token);
        var router = CreateRouter(new RoutingOptions { MaxRetries = 1, InitialBackoffMilliseconds = 0 });

        var items = await Collect.AllAsync(router.CreateAsyncGenerator(Request()));

        Assert.Equal([new RouteSelected("Second", "m"), new TextDelta("from "), new TextDelta("second"), new FinishItem(FinishReason.Stop)], items);
        Assert.Equal((2, 1), (_first.Calls, _second.Calls));
    }

    [Fact]
    public async Task CreateAsyncGenerator_StateBeforeText_PassedOnAfterTheRouteInItsOrder()
    {
        _first.StreamCallback = (_, token) => StateThen(FirstState, FakeProvider.Text(["hi"], token));
        var router = CreateRouter(new RoutingOptions { MaxRetries = 0 });

        var items = await Collect.AllAsync(router.CreateAsyncGenerator(Request()));

        Assert.Equal([new RouteSelected("First", "m"), FirstState, new TextDelta("hi"), new FinishItem(FinishReason.Stop)], items);
    }

    [Fact]
    public async Task CreateAsyncGenerator_OnlyStateThenEnd_IsAnEmptyReplyAndFailsOver()
    {
        _first.StreamCallback = (_, token) => StateThen(FirstState, AsyncEnumerable.Empty<ResponseItem>());
        _second.StreamCallback = (_, token) => FakeProvider.Text(["ok"], token);
        var router = CreateRouter(new RoutingOptions { MaxRetries = 0 });

        var items = await Collect.AllAsync(router.CreateAsyncGenerator(Request()));

        Assert.Equal([new RouteSelected("Second", "m"), new TextDelta("ok"), new FinishItem(FinishReason.Stop)], items);
    }

    [Fact]
    public async Task CreateAsyncGenerator_CallerCancelsBeforeOutput_NeitherRetriesNorFailsOver()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _first.StreamCallback = (_, token) => HangUntilCancelled(started, token);
        var router = CreateRouter(new RoutingOptions { MaxRetries = 3 });
        using var cts = new CancellationTokenSource();

        var run = Collect.AllAsync(router.CreateAsyncGenerator(Request(), cts.Token));
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.Equal((1, 0), (_first.Calls, _second.Calls));
    }

    [Fact]
    public async Task CreateAsyncGenerator_TransientFailures_RetriesWithDoublingBackoffCappedAtMaximum()
    {
        var failuresLeft = 3;
        _first.StreamCallback = (_, token) => Interlocked.Decrement(ref failuresLeft) >= 0
            ? FakeProvider.Fail(Upstream(HttpStatusCode.ServiceUnavailable), token)
            : FakeProvider.Text(["finally"], token);
        var router = CreateRouter(new RoutingOptions { MaxRetries = 3, InitialBackoffMilliseconds = 100, MaxBackoffMilliseconds = 250 });

        var run = Collect.AllAsync(router.CreateAsyncGenerator(Request()));
        var delays = new List<TimeSpan>();
        for (var i = 0; i < 3; i++)
        {
            delays.Add(await _time.NextTimerAsync());
            _time.Advance(delays[^1]);
        }

        Assert.Equal("finally", Collect.Text(await run));
        Assert.Equal([TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(250)], delays);
        Assert.Equal((4, 0), (_first.Calls, _second.Calls));
    }

    [Fact]
    public async Task CreateAsyncGenerator_RetriesExhausted_FailsOverToTheNextCandidate()
    {
        _first.StreamCallback = (_, token) => FakeProvider.Fail(new ProviderTimeoutException("First", TimeSpan.FromSeconds(1), "silent"), token);
        _second.StreamCallback = (_, token) => FakeProvider.Text(["second"], token);
        var router = CreateRouter(new RoutingOptions { MaxRetries = 1, InitialBackoffMilliseconds = 50 });

        var run = Collect.AllAsync(router.CreateAsyncGenerator(Request()));
        _time.Advance(await _time.NextTimerAsync());

        Assert.Equal("second", Collect.Text(await run));
        Assert.Equal((2, 1), (_first.Calls, _second.Calls));
    }

    [Fact]
    public async Task CreateAsyncGenerator_RateLimitedWithRetryAfterWithinBound_WaitsExactlyRetryAfter()
    {
        var calls = 0;
        _first.StreamCallback = (_, token) => Interlocked.Increment(ref calls) == 1
            ? FakeProvider.Fail(new RateLimitedException("First", TimeSpan.FromSeconds(3), null, "slow down"), token)
            : FakeProvider.Text(["ok"], token);
        var router = CreateRouter(new RoutingOptions { MaxRetries = 2, InitialBackoffMilliseconds = 100, MaxBackoffMilliseconds = 5_000 });

        var run = Collect.AllAsync(router.CreateAsyncGenerator(Request()));
        var delay = await _time.NextTimerAsync();
        _time.Advance(delay);

        Assert.Equal("ok", Collect.Text(await run));
        Assert.Equal(TimeSpan.FromSeconds(3), delay);
    }

    [Fact]
    public async Task CreateAsyncGenerator_RateLimitedWithRetryAfterBeyondBound_FailsOverWithoutWaiting()
    {
        _first.StreamCallback = (_, token) => FakeProvider.Fail(new RateLimitedException("First", TimeSpan.FromMinutes(5), null, "slow down"), token);
        _second.StreamCallback = (_, token) => FakeProvider.Text(["second"], token);
        var router = CreateRouter(new RoutingOptions { MaxRetries = 2, MaxBackoffMilliseconds = 5_000 });

        var items = await Collect.AllAsync(router.CreateAsyncGenerator(Request()));

        Assert.Equal("second", Collect.Text(items));
        Assert.Equal((1, 1), (_first.Calls, _second.Calls));
        Assert.False(_time.HasPendingReport);
    }

    [Fact]
    public async Task CreateAsyncGenerator_NonTransientFailure_IsNotRetried()
    {
        _first.StreamCallback = (_, token) => FakeProvider.Fail(new MissingAuthException("First", HttpStatusCode.Forbidden, null, "denied"), token);
        var router = CreateRouter(new RoutingOptions { MaxRetries = 3 });

        var items = await Collect.AllAsync(router.CreateAsyncGenerator(Request()));

        Assert.Equal("ok", Collect.Text(items));
        Assert.Equal((1, 1), (_first.Calls, _second.Calls));
        Assert.False(_time.HasPendingReport);
    }

    [Fact]
    public async Task CreateAsyncGenerator_EveryCandidateFails_RethrowsTheLastFailureUnchanged()
    {
        var timeout = new ProviderTimeoutException("Second", TimeSpan.FromSeconds(5), "Second was silent for 5 s.");
        _first.StreamCallback = (_, token) => FakeProvider.Fail(Upstream(HttpStatusCode.InternalServerError), token);
        _second.StreamCallback = (_, token) => FakeProvider.Fail(timeout, token);
        var router = CreateRouter(new RoutingOptions { MaxRetries = 0 });

        var error = await Assert.ThrowsAsync<ProviderTimeoutException>(() => Collect.AllAsync(router.CreateAsyncGenerator(Request())));

        Assert.Same(timeout, error);
    }

    [Fact]
    public async Task CreateAsyncGenerator_ProviderKeepsFailing_CoolsDownThenComesBack()
    {
        _first.StreamCallback = (_, token) => FakeProvider.Fail(Upstream(HttpStatusCode.InternalServerError), token);
        var router = CreateRouter(new RoutingOptions { MaxRetries = 0, FailuresBeforeCooldown = 2, CooldownSeconds = 60 });

        await Collect.AllAsync(router.CreateAsyncGenerator(Request()));
        await Collect.AllAsync(router.CreateAsyncGenerator(Request()));
        Assert.Equal(2, _first.Calls);

        await Collect.AllAsync(router.CreateAsyncGenerator(Request()));
        _time.Advance(TimeSpan.FromSeconds(59));
        await Collect.AllAsync(router.CreateAsyncGenerator(Request()));
        Assert.Equal((2, 4), (_first.Calls, _second.Calls));

        _time.Advance(TimeSpan.FromSeconds(1));
        _first.StreamCallback = (_, token) => FakeProvider.Text(["back"], token);
        var items = await Collect.AllAsync(router.CreateAsyncGenerator(Request()));

        Assert.Equal("back", Collect.Text(items));
        Assert.Equal((3, 4), (_first.Calls, _second.Calls));
    }

    [Fact]
    public async Task CreateAsyncGenerator_RequestsTheProviderRefuses_NeverRestIt()
    {
        var refusals = new Queue<Exception>(
        [
            Upstream(HttpStatusCode.BadRequest),
            new ProviderStreamException("First", "value error from inference result", "prompt too long"),
            new MissingAuthException("First", HttpStatusCode.Forbidden, "not yours", "403"),
        ]);
        _first.StreamCallback = (_, token) => refusals.Count > 0 ? FakeProvider.Fail(refusals.Dequeue(), token) : FakeProvider.Text(["still here"], token);
        var router = CreateRouter(new RoutingOptions { MaxRetries = 0, FailuresBeforeCooldown = 1 }, FakeCatalog.Of(_first));

        for (var i = 0; i < 3; i++)
        {
            await Assert.ThrowsAnyAsync<ProviderException>(() => Collect.AllAsync(router.CreateAsyncGenerator(Request())));
        }

        var items = await Collect.AllAsync(router.CreateAsyncGenerator(Request()));

        Assert.Equal("still here", Collect.Text(items));
        Assert.Equal(4, _first.Calls);
    }

    [Fact]
    public async Task CreateAsyncGenerator_ProviderThrowsFromTheCallItself_FailsOverLikeAnyFailure()
    {
        var eager = new EagerThrowingProvider(FakeProvider.Create("Eager", ["m"]).Metadata);
        _second.StreamCallback = (_, token) => FakeProvider.Text(["from second"], token);
        var router = CreateRouter(new RoutingOptions { MaxRetries = 0 }, new FakeCatalog([FakeCatalog.Entry(eager, priority: 10), FakeCatalog.Entry(_second)]));

        var items = await Collect.AllAsync(router.CreateAsyncGenerator(Request()));

        Assert.Equal("from second", Collect.Text(items));
        Assert.Equal(1, eager.Calls);
    }

    /// <summary>A provider that is not an iterator and validates eagerly, throwing before any enumerator exists.</summary>
    private sealed class EagerThrowingProvider(ProviderMetadata metadata) : IAsyncGeneratorProvider
    {
        public int Calls { get; private set; }

        public ProviderMetadata Metadata { get; } = metadata;

        public IAsyncEnumerable<ResponseItem> CreateAsyncGenerator(ChatRequest request, CancellationToken cancellationToken = default)
        {
            Calls++;
            throw new UpstreamException(Metadata.Name, HttpStatusCode.ServiceUnavailable, null, "down");
        }
    }

    [Fact]
    public async Task CreateAsyncGenerator_SuccessBetweenFailures_ResetsTheCount()
    {
        var fail = true;
        _first.StreamCallback = (_, token) => fail ? FakeProvider.Fail(Upstream(HttpStatusCode.BadGateway), token) : FakeProvider.Text(["ok"], token);
        var router = CreateRouter(new RoutingOptions { MaxRetries = 0, FailuresBeforeCooldown = 2 });

        await Collect.AllAsync(router.CreateAsyncGenerator(Request()));
        fail = false;
        await Collect.AllAsync(router.CreateAsyncGenerator(Request()));
        fail = true;
        await Collect.AllAsync(router.CreateAsyncGenerator(Request()));
        await Collect.AllAsync(router.CreateAsyncGenerator(Request()));

        Assert.Equal(4, _first.Calls);
    }

    [Fact]
    public async Task CreateAsyncGenerator_EveryCandidateCooling_ThrowsNoAvailableProviderNamingThem()
    {
        var router = CreateRouter(new RoutingOptions { MaxRetries = 0, FailuresBeforeCooldown = 1, CooldownSeconds = 30 }, FakeCatalog.Of(_first));
        _first.StreamCallback = (_, token) => FakeProvider.Fail(Upstream(HttpStatusCode.InternalServerError), token);
        await Assert.ThrowsAsync<UpstreamException>(() => Collect.AllAsync(router.CreateAsyncGenerator(Request())));

        var error = await Assert.ThrowsAsync<NoAvailableProviderException>(() => Collect.AllAsync(router.CreateAsyncGenerator(Request())));

        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromSeconds(30), error.RetryAt);
        Assert.Contains("First", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, _first.Calls);
    }

    [Fact]
    public async Task CreateAsyncGenerator_RequestWithHistory_PrefersAProviderThatKeepsHistory()
    {
        var forgetful = FakeProvider.Create("Forgetful", ["m"], history: false);
        var router = CreateRouter(new RoutingOptions(), new FakeCatalog([FakeCatalog.Entry(forgetful, priority: 10), FakeCatalog.Entry(_second)]));
        var request = Request(new ChatMessage(ChatRole.User, "hi"), new ChatMessage(ChatRole.Assistant, "hello"), new ChatMessage(ChatRole.User, "more"));

        var items = await Collect.AllAsync(router.CreateAsyncGenerator(request));

        Assert.Equal(new RouteSelected("Second", "m"), items[0]);
        Assert.Equal(0, forgetful.Calls);
        Assert.Equal(request.Messages, Assert.Single(_second.Requests).Messages);
    }

    [Fact]
    public async Task CreateAsyncGenerator_ProviderWithoutSystemSupport_ReceivesFoldedSystemAndRealModelId()
    {
        var plain = FakeProvider.Create("Plain", ["real"], new Dictionary<string, string> { ["nick"] = "real" }, systemMessages: false);
        var router = CreateRouter(new RoutingOptions(), FakeCatalog.Of(plain));

        await Collect.AllAsync(router.CreateAsyncGenerator(new ChatRequest
        {
            Model = "nick",
            Messages = [new(ChatRole.System, "Be terse."), new(ChatRole.User, "Hi")],
        }));

        var sent = Assert.Single(plain.Requests);
        Assert.Equal("real", sent.Model);
        Assert.Equal([new ChatMessage(ChatRole.User, "Be terse.\n\nHi")], sent.Messages);
    }

    [Fact]
    public async Task CreateAsyncGenerator_ContinuedConversation_IsPinnedToItsProvider()
    {
        var router = CreateRouter(new RoutingOptions(), new FakeCatalog([FakeCatalog.Entry(_first, priority: 10), FakeCatalog.Entry(_second)]));
        var request = Request() with { Conversation = new ConversationState { Provider = "Second", Model = "m" } };

        await Collect.AllAsync(router.CreateAsyncGenerator(request));

        Assert.Equal((0, 1), (_first.Calls, _second.Calls));
    }

    [Fact]
    public async Task CreateAsyncGenerator_NoModel_UsesTheDefaultModelOfTheProviderTriedFirst()
    {
        var other = FakeProvider.Create("Other", ["o-default", "o-2"]);
        var router = CreateRouter(new RoutingOptions(), new FakeCatalog([FakeCatalog.Entry(_first), FakeCatalog.Entry(other, priority: 1)]));

        var items = await Collect.AllAsync(router.CreateAsyncGenerator(Request() with { Model = "" }));

        Assert.Equal("Other/o-default", router.Metadata.DefaultModel);
        Assert.Equal(new RouteSelected("Other", "o-default"), items[0]);
        Assert.Equal("o-default", Assert.Single(other.Requests).Model);
    }

    [Fact]
    public async Task CreateAsyncGenerator_UnknownModel_ThrowsModelNotFoundBeforeCallingAnyone()
    {
        var router = CreateRouter(new RoutingOptions());

        var error = await Assert.ThrowsAsync<ModelNotFoundException>(() => Collect.AllAsync(router.CreateAsyncGenerator(Request() with { Model = "nope" })));

        Assert.Equal("Unknown model 'nope'. Valid: m.", error.Message);
        Assert.Equal((0, 0), (_first.Calls, _second.Calls));
    }

    [Fact]
    public async Task AsChatClient_Router_StreamsTheChosenProvidersReply()
    {
        _first.StreamCallback = (_, token) => FakeProvider.Fail(Upstream(HttpStatusCode.InternalServerError), token);
        _second.StreamCallback = (_, token) => FakeProvider.Text(["via ", "router"], token);
        using var client = CreateRouter(new RoutingOptions { MaxRetries = 0 }).AsChatClient();

        var response = await client.GetResponseAsync("hi", new ChatOptions { ModelId = "m" });

        Assert.Equal("via router", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
    }

    [Fact]
    public async Task CreateAsyncGenerator_FailoverAndCooldown_AreLoggedWithProviderModelAndWhy()
    {
        _first.StreamCallback = (_, token) => FakeProvider.Fail(Upstream(HttpStatusCode.InternalServerError), token);
        var logger = new ListLogger<RouterProvider>(LogLevel.Debug);
        var router = new RouterProvider(FakeCatalog.Of(_first, _second), new RoutingOptions { MaxRetries = 0, FailuresBeforeCooldown = 1, CooldownSeconds = 5 }, _time, logger);

        await Collect.AllAsync(router.CreateAsyncGenerator(Request()));
        await Collect.AllAsync(router.CreateAsyncGenerator(Request()));

        var messages = logger.Entries.Select(e => (e.EventId, e.Message)).ToList();
        Assert.Contains((206, "First failed for m before any output; trying the next candidate"), messages);
        Assert.Contains((207, "First failed 1 requests in a row; cooling down until 2026-01-01T00:00:05.0000000+00:00"), messages);
        Assert.Contains((201, "Skipping First for m: cooling down until 2026-01-01T00:00:05.0000000+00:00"), messages);
        Assert.Contains((208, "Serving m with Second"), messages);
    }

    [Fact]
    public async Task CreateAsyncGenerator_LoggingAtDebug_NeverLogsTheMessages()
    {
        var logger = new ListLogger<RouterProvider>(LogLevel.Debug);
        var router = new RouterProvider(FakeCatalog.Of(_first), new RoutingOptions(), _time, logger);

        await Collect.AllAsync(router.CreateAsyncGenerator(Request(new ChatMessage(ChatRole.User, "PROMPT-TEXT"))));

        Assert.NotEmpty(logger.Entries);
        Assert.DoesNotContain(logger.Entries, e => e.Message.Contains("PROMPT-TEXT", StringComparison.Ordinal));
    }

    private RouterProvider CreateRouter(RoutingOptions options, FakeCatalog? catalog = null) =>
        new(catalog ?? FakeCatalog.Of(_first, _second), options, _time, NullLogger<RouterProvider>.Instance);

    private static ChatRequest Request(params ChatMessage[] messages) =>
        new() { Model = "m", Messages = messages.Length > 0 ? messages : [new(ChatRole.User, "hi")] };

    private static UpstreamException Upstream(HttpStatusCode status) => new("First", status, null, $"HTTP {(int)status}");

    private static ConversationUpdate FirstState { get; } = new(new ConversationState { Provider = "First", Model = "m" });

    private static async IAsyncEnumerable<ResponseItem> StateThen(ConversationUpdate state, IAsyncEnumerable<ResponseItem> rest)
    {
        yield return state;
        await foreach (var item in rest)
        {
            yield return item;
        }
    }

    private static async IAsyncEnumerable<ResponseItem> HangUntilCancelled(TaskCompletionSource started,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken token)
    {
        started.TrySetResult();
        await Task.Delay(Timeout.Infinite, token);
        yield break;
    }
}
