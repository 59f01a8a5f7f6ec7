using Providers.Host.Plugins;

namespace Providers.Host.Routing;

/// <summary>A catalog snapshot that can be replaced atomically (for plugins loaded or removed while serving).</summary>
/// <remarks>
/// Each snapshot counts its leases, plus one for being current. <see cref="Replace"/> drops that one;
/// the snapshot is retired when the count reaches zero, so a stream that started on it keeps it to
/// the end. A lease is only ever taken on a snapshot whose count is above zero, so a retired
/// snapshot is never handed out again. Thread-safe and lock-free.
/// </remarks>
internal sealed class ProviderCatalogSource : IProviderCatalogSource
{
    private Generation _current;

    public ProviderCatalogSource(IProviderCatalog initial)
    {
        ArgumentNullException.ThrowIfNull(initial);
        _current = new Generation(initial);
    }

    public IProviderCatalog Current => Volatile.Read(ref _current).Catalog;

    public CatalogLease Acquire()
    {
        while (true)
        {
            var generation = Volatile.Read(ref _current);
            if (generation.TryEnter())
            {
                return new CatalogLease(generation.Catalog, generation.Exit);
            }

            // Replaced and retired between the read and the hold: the next read sees its successor.
        }
    }

    /// <summary>Later requests see <paramref name="next"/>; requests already running keep the snapshot they hold.</summary>
    /// <returns>Completes once the replaced snapshot has no lease left: then it may be disposed and its plugins unloaded.</returns>
    public Task Replace(IProviderCatalog next)
    {
        ArgumentNullException.ThrowIfNull(next);
        var previous = Interlocked.Exchange(ref _current, new Generation(next));
        previous.Exit();
        return previous.Retired;
    }

    private sealed class Generation(IProviderCatalog catalog)
    {
        private readonly TaskCompletionSource _retired = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _holds = 1;

        public IProviderCatalog Catalog { get; } = catalog;

        public Task Retired => _retired.Task;

        public bool TryEnter()
        {
            var holds = Volatile.Read(ref _holds);
            while (holds > 0)
            {
                var seen = Interlocked.CompareExchange(ref _holds, holds + 1, holds);
                if (seen == holds)
                {
                    return true;
                }

                holds = seen;
            }

            return false;
        }

        public void Exit()
        {
            if (Interlocked.Decrement(ref _holds) == 0)
            {
                _retired.TrySetResult();
            }
        }
    }
}
