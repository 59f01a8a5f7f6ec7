using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace Providers.Host.Tests.Fakes;

/// <summary>A <see cref="FakeTimeProvider"/> that reports each timer's due time, so a test can assert a delay and then release it.</summary>
internal sealed class RecordingTimeProvider : FakeTimeProvider
{
    private readonly Channel<TimeSpan> _dueTimes = Channel.CreateUnbounded<TimeSpan>();

    public RecordingTimeProvider()
        : base(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero))
    {
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        // Registered before it is reported, so advancing right after the report always fires it.
        var timer = base.CreateTimer(callback, state, dueTime, period);
        _dueTimes.Writer.TryWrite(dueTime);
        return timer;
    }

    /// <summary>Waits (bounded) for the next timer and returns its due time.</summary>
    public Task<TimeSpan> NextTimerAsync() => _dueTimes.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

    public bool HasPendingReport => _dueTimes.Reader.TryPeek(out _);
}
