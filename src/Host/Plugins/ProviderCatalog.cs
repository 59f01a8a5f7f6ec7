namespace Providers.Host.Plugins;

/// <summary>The immutable result of discovery: every provider ordered by name, plus the host aliases.</summary>
internal sealed class ProviderCatalog : IProviderCatalog
{
    public ProviderCatalog(IEnumerable<ProviderEntry> providers, IReadOnlyDictionary<string, IReadOnlyList<string>> hostAliases)
    {
        ArgumentNullException.ThrowIfNull(providers);
        ArgumentNullException.ThrowIfNull(hostAliases);
        // Case-insensitive first so "echo" sits next to "Echo"; ordinal second so the order is total.
        Providers = [.. providers
            .OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase)
            .ThenBy(p => p.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Plugin.Path, StringComparer.Ordinal)];
        HostAliases = hostAliases;
    }

    public IReadOnlyList<ProviderEntry> Providers { get; }

    public IReadOnlyDictionary<string, IReadOnlyList<string>> HostAliases { get; }
}
