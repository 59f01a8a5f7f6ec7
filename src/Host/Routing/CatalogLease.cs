using Providers.Host.Plugins;

namespace Providers.Host.Routing;

/// <summary>A hold on one catalog snapshot: it stays usable (not disposed, its plugins loaded) until every lease on it ends.</summary>
/// <remarks>Disposing twice releases once.</remarks>
internal sealed class CatalogLease : IDisposable
{
    private Action? _release;

    public CatalogLease(IProviderCatalog catalog, Action? release = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        Catalog = catalog;
        _release = release;
    }

    public IProviderCatalog Catalog { get; }

    public void Dispose() => Interlocked.Exchange(ref _release, null)?.Invoke();
}
