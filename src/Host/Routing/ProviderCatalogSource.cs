using Providers.Host.Plugins;

namespace Providers.Host.Routing;

/// <summary>A catalog snapshot that can be replaced atomically (for plugins loaded or removed while serving).</summary>
internal sealed class ProviderCatalogSource(IProviderCatalog initial) : IProviderCatalogSource
{
    private IProviderCatalog _current = initial ?? throw new ArgumentNullException(nameof(initial));

    public IProviderCatalog Current => Volatile.Read(ref _current);

    /// <summary>Later requests see <paramref name="next"/>; requests already running keep the snapshot they read.</summary>
    public void Replace(IProviderCatalog next)
    {
        ArgumentNullException.ThrowIfNull(next);
        Volatile.Write(ref _current, next);
    }
}
