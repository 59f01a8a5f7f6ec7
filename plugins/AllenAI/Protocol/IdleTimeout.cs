namespace Providers.AllenAI.Protocol;

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
    private readonly CancellationTokenSource _expired = new();
    private readonly CancellationTokenSource _linked;
    private readonly ITimer _timer;

    public IdleTimeout(TimeProvider timeProvider, TimeSpan limit, CancellationToken callerToken)
    {
        Limit = limit;
        _timer = timeProvider.CreateTimer(static state => ((CancellationTokenSource)state!).Cancel(), _expired, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(callerToken, _expired.Token);
    }

    public TimeSpan Limit { get; }

    public CancellationToken Token => _linked.Token;

    public bool HasExpired => _expired.IsCancellationRequested;

    /// <summary>Starts (or restarts) the silence clock before waiting on the upstream.</summary>
    public void Start() => _timer.Change(Limit, Timeout.InfiniteTimeSpan);

    /// <summary>Stops the clock once the upstream has answered.</summary>
    public void Stop() => _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

    public void Dispose()
    {
        _timer.Dispose();
        _linked.Dispose();
        _expired.Dispose();
    }
}
