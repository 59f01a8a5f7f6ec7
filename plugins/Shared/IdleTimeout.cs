namespace Providers.Plugins.Shared;

/// <summary>
/// Cancels a request when the upstream stays silent for longer than the limit — per read, not per
/// request, so a long reply that keeps streaming never times out.
/// </summary>
/// <remarks>
/// <see cref="Token"/> fires for either the caller's cancellation or the silence; <see cref="HasExpired"/>
/// tells the two apart. The clock comes from a <see cref="TimeProvider"/> so tests can drive it.
/// </remarks>
internal sealed class IdleTimeout : IDisposable
{
    // The source owns its timer: ITimer.Dispose does not wait for a callback already queued, and a
    // hand-made callback calling Cancel() on the disposed source would throw ObjectDisposedException
    // on a thread-pool thread (a process crash). The source's own timer callback tolerates disposal.
    private readonly CancellationTokenSource _expired;
    private readonly CancellationTokenSource _linked;

    public IdleTimeout(TimeProvider timeProvider, TimeSpan limit, CancellationToken callerToken)
    {
        Limit = limit;
        _expired = new CancellationTokenSource(Timeout.InfiniteTimeSpan, timeProvider);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(callerToken, _expired.Token);
    }

    public TimeSpan Limit { get; }

    public CancellationToken Token => _linked.Token;

    public bool HasExpired => _expired.IsCancellationRequested;

    /// <summary>Starts (or restarts) the silence clock before waiting on the upstream.</summary>
    public void Start() => _expired.CancelAfter(Limit);

    /// <summary>Stops the clock once the upstream has answered.</summary>
    public void Stop() => _expired.CancelAfter(Timeout.InfiniteTimeSpan);

    public void Dispose()
    {
        _linked.Dispose();
        _expired.Dispose();
    }
}
