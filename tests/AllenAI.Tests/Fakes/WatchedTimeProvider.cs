using Microsoft.Extensions.Time.Testing;

namespace Providers.AllenAI.Tests.Fakes;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that tells the test when a timer is armed, so the test can move
/// the clock exactly while the provider waits on the upstream instead of sleeping and hoping.
/// </summary>
internal sealed class WatchedTimeProvider : FakeTimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<(int Count, TaskCompletionSource Signal)> _waiters = [];
    private int _armings;

    /// <summary>Completes once timers have been armed (given a finite due time) <paramref name="count"/> times in all.</summary>
    public Task WhenArmedAsync(int count)
    {
        lock (_gate)
        {
            if (_armings >= count)
            {
                return Task.CompletedTask;
            }

            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, signal));
            return signal.Task;
        }
    }

    public int Armings
    {
        get
        {
            lock (_gate)
            {
                return _armings;
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new WatchedTimer(this, base.CreateTimer(callback, state, dueTime, period));
        OnArmed(dueTime);
        return timer;
    }

    private void OnArmed(TimeSpan dueTime)
    {
        if (dueTime == Timeout.InfiniteTimeSpan)
        {
            return;
        }

        List<TaskCompletionSource> ready;
        lock (_gate)
        {
            _armings++;
            ready = [.. _waiters.Where(w => w.Count <= _armings).Select(w => w.Signal)];
            _waiters.RemoveAll(w => w.Count <= _armings);
        }

        foreach (var signal in ready)
        {
            signal.SetResult();
        }
    }

    private sealed class WatchedTimer(WatchedTimeProvider owner, ITimer inner) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            var changed = inner.Change(dueTime, period);
            owner.OnArmed(dueTime);
            return changed;
        }

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
