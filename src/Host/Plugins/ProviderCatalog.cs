namespace Providers.Host.Plugins;

/// <summary>The immutable result of discovery: every provider ordered by name, plus the host aliases.</summary>
/// <remarks>
/// A snapshot: it owns the containers its instances were built in and disposes them with itself, so
/// replacing the catalog (a later reload) releases exactly what the old one created.
/// </remarks>
internal sealed class ProviderCatalog : IProviderCatalog, IDisposable, IAsyncDisposable
{
    private readonly IReadOnlyList<IAsyncDisposable> _owned;

    public ProviderCatalog(IEnumerable<ProviderEntry> providers, IReadOnlyDictionary<string, IReadOnlyList<string>> hostAliases,
        IEnumerable<IAsyncDisposable>? owned = null)
    {
        ArgumentNullException.ThrowIfNull(providers);
        ArgumentNullException.ThrowIfNull(hostAliases);
        // Case-insensitive first so "echo" sits next to "Echo"; ordinal second so the order is total.
        Providers = [.. providers
            .OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase)
            .ThenBy(p => p.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Plugin.Path, StringComparer.Ordinal)];
        HostAliases = hostAliases;
        _owned = [.. owned ?? []];
    }

    public IReadOnlyList<ProviderEntry> Providers { get; }

    public IReadOnlyDictionary<string, IReadOnlyList<string>> HostAliases { get; }

    public IReadOnlyList<LoadedPlugin> Plugins { get; init; } = [];

    public void Dispose()
    {
        foreach (var owned in _owned)
        {
            if (owned is IDisposable disposable)
            {
                disposable.Dispose();
            }
            else
            {
                owned.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var owned in _owned)
        {
            await owned.DisposeAsync().ConfigureAwait(false);
        }
    }
}
