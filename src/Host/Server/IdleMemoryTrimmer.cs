using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Providers.Host.Server;

/// <summary>Gives memory back to the system once the server goes idle after a burst.</summary>
/// <remarks>
/// A burst of large requests leaves their garbage (bodies, prompts, replies on the large object
/// heap) and Kestrel's evicted buffers unreclaimed, and nothing reclaims them while no request
/// allocates: an idle server kept its peak (bench/memory/burst.py). So when no request has been
/// running for <see cref="IdleDelay"/> and at least <see cref="BurstBytes"/> were allocated since
/// the last trim, one aggressive full collection compacts the heap and decommits what it freed.
/// A server with light traffic never allocates enough to pay for it.
/// </remarks>
internal sealed class IdleMemoryTrimmer(TimeProvider time, ILogger<IdleMemoryTrimmer> logger) : BackgroundService
{
    public static readonly TimeSpan IdleDelay = TimeSpan.FromSeconds(5);

    public const long BurstBytes = 64L * 1024 * 1024;

    private int _inFlight;
    private long _lastFinished = time.GetTimestamp();
    private long _allocatedAtLastTrim = GC.GetTotalAllocatedBytes();

    /// <summary>How many bytes the process has allocated so far; a test supplies its own.</summary>
    public Func<long> AllocatedBytes { get; init; } = () => GC.GetTotalAllocatedBytes();

    /// <summary>The collection itself; a test supplies its own.</summary>
    public Action Collect { get; init; } = static () =>
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);

    /// <summary>Middleware: counts the request as running until its response is done.</summary>
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(next);
        Interlocked.Increment(ref _inFlight);
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Exchange(ref _lastFinished, time.GetTimestamp());
            Interlocked.Decrement(ref _inFlight);
        }
    }

    /// <summary>Collects when idle long enough after enough allocation; true when it did.</summary>
    public bool TrimIfIdle()
    {
        var allocated = AllocatedBytes();
        if (Volatile.Read(ref _inFlight) > 0
            || time.GetElapsedTime(Interlocked.Read(ref _lastFinished)) < IdleDelay
            || allocated - _allocatedAtLastTrim < BurstBytes)
        {
            return false;
        }

        Collect();
        _allocatedAtLastTrim = AllocatedBytes();
        ServerLog.TrimmedIdleMemory(logger, allocated / (1024 * 1024));
        return true;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(IdleDelay, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                _ = TrimIfIdle();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
