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
internal sealed class IdleMemoryTrimmer : BackgroundService
{
    public static readonly TimeSpan IdleDelay = TimeSpan.FromSeconds(5);

    public const long BurstBytes = 64L * 1024 * 1024;

    private readonly TimeProvider _time;
    private readonly ILogger<IdleMemoryTrimmer> _logger;
    private readonly Func<long> _allocatedBytes;
    private readonly Action _collect;
    private int _inFlight;
    private long _lastFinished;
    private long _allocatedAtLastTrim;

    public IdleMemoryTrimmer(TimeProvider time, ILogger<IdleMemoryTrimmer> logger)
        : this(time, logger, () => GC.GetTotalAllocatedBytes(),
            () => GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true))
    {
    }

    /// <summary>With the allocation counter and the collection a test supplies.</summary>
    public IdleMemoryTrimmer(TimeProvider time, ILogger<IdleMemoryTrimmer> logger, Func<long> allocatedBytes, Action collect)
    {
        _time = time;
        _logger = logger;
        _allocatedBytes = allocatedBytes;
        _collect = collect;
        _lastFinished = time.GetTimestamp();
        _allocatedAtLastTrim = allocatedBytes();
    }

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
            Interlocked.Exchange(ref _lastFinished, _time.GetTimestamp());
            Interlocked.Decrement(ref _inFlight);
        }
    }

    /// <summary>Collects when idle long enough after enough allocation; true when it did.</summary>
    public bool TrimIfIdle()
    {
        var allocated = _allocatedBytes();
        if (Volatile.Read(ref _inFlight) > 0
            || _time.GetElapsedTime(Interlocked.Read(ref _lastFinished)) < IdleDelay
            || allocated - _allocatedAtLastTrim < BurstBytes)
        {
            return false;
        }

        _collect();
        _allocatedAtLastTrim = _allocatedBytes();
        ServerLog.TrimmedIdleMemory(_logger, allocated / (1024 * 1024));
        return true;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(IdleDelay, _time);
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
