using Microsoft.Extensions.Time.Testing;

namespace Providers.AllenAI.Tests.Protocol;

public sealed class IdleTimeoutTests
{
    [Fact]
    public void Start_SilenceReachesTheLimit_CancelsAndReportsExpiry()
    {
        var clock = new FakeTimeProvider();
        using var idle = new IdleTimeout(clock, TimeSpan.FromSeconds(120), CancellationToken.None);

        idle.Start();
        clock.Advance(TimeSpan.FromSeconds(119));
        Assert.False(idle.Token.IsCancellationRequested);
        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.True(idle.Token.IsCancellationRequested);
        Assert.True(idle.HasExpired);
    }

    [Fact]
    public void Stop_BeforeTheLimit_KeepsTheRequestAliveAcrossManyReads()
    {
        var clock = new FakeTimeProvider();
        using var idle = new IdleTimeout(clock, TimeSpan.FromSeconds(10), CancellationToken.None);

        for (var read = 0; read < 100; read++)
        {
            idle.Start();
            clock.Advance(TimeSpan.FromSeconds(9));
            idle.Stop();
        }

        clock.Advance(TimeSpan.FromHours(1));
        Assert.False(idle.Token.IsCancellationRequested);
    }

    [Fact]
    public void Token_CallerCancels_CancelledWithoutExpiry()
    {
        using var caller = new CancellationTokenSource();
        using var idle = new IdleTimeout(new FakeTimeProvider(), TimeSpan.FromSeconds(10), caller.Token);

        caller.Cancel();

        Assert.True(idle.Token.IsCancellationRequested);
        Assert.False(idle.HasExpired);
    }

    [Fact]
    public void Dispose_WhileAnExpiryIsPending_NeitherFiresNorThrows()
    {
        var clock = new FakeTimeProvider();
        var idle = new IdleTimeout(clock, TimeSpan.FromSeconds(10), CancellationToken.None);
        var token = idle.Token;

        idle.Start();
        clock.Advance(TimeSpan.FromSeconds(9));
        idle.Dispose();

        Assert.Null(Record.Exception(() => clock.Advance(TimeSpan.FromSeconds(5))));
        Assert.False(token.IsCancellationRequested);
    }

    [Fact]
    public void Dispose_TimerCallbackAlreadyQueued_CallbackDoesNotThrow()
    {
        // ITimer.Dispose does not wait for a callback the timer has already queued: the callback can
        // run after Dispose, on a thread-pool thread where an exception would crash the process.
        var clock = new QueuedCallbackTimeProvider();
        var idle = new IdleTimeout(clock, TimeSpan.FromSeconds(10), CancellationToken.None);

        idle.Start();
        idle.Dispose();

        Assert.Null(Record.Exception(clock.RunQueuedCallbacks));
    }

    [Fact]
    public void Dispose_ClockRunning_StopsItForGood()
    {
        var clock = new FakeTimeProvider();
        var idle = new IdleTimeout(clock, TimeSpan.FromSeconds(10), CancellationToken.None);

        idle.Start();
        idle.Dispose();
        clock.Advance(TimeSpan.FromSeconds(10));

        Assert.False(idle.HasExpired);
    }

    [Fact]
    public void Dispose_UnhooksFromTheCallersToken()
    {
        using var caller = new CancellationTokenSource();
        var idle = new IdleTimeout(new FakeTimeProvider(), TimeSpan.FromSeconds(10), caller.Token);
        var token = idle.Token;

        idle.Dispose();
        caller.Cancel();

        Assert.False(token.IsCancellationRequested);
    }

    /// <summary>Hands out timers that never fire on their own, so a test can run their callbacks after Dispose.</summary>
    private sealed class QueuedCallbackTimeProvider : TimeProvider
    {
        private readonly List<(TimerCallback Callback, object? State)> _callbacks = [];

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            _callbacks.Add((callback, state));
            return new InertTimer();
        }

        public void RunQueuedCallbacks()
        {
            foreach (var (callback, state) in _callbacks)
            {
                callback(state);
            }
        }

        private sealed class InertTimer : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => true;

            public void Dispose()
            {
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
