using Providers.Abstractions;
using Providers.Host.Plugins;

namespace Providers.Host.Tests.Fakes;

/// <summary>An in-memory catalog of hand-made entries, in place of plugin discovery.</summary>
internal sealed class FakeCatalog : IProviderCatalog
{
    /// <param name="providers">The entries.</param>
    /// <param name="hostAliases">Host aliases with one target each.</param>
    public FakeCatalog(IReadOnlyList<ProviderEntry> providers, IReadOnlyDictionary<string, string>? hostAliases = null)
        : this(providers, (hostAliases ?? new Dictionary<string, string>()).ToDictionary(a => a.Key, a => (string[])[a.Value]))
    {
    }

    /// <param name="providers">The entries.</param>
    /// <param name="hostAliases">Host aliases with their fallback targets in order.</param>
    public FakeCatalog(IReadOnlyList<ProviderEntry> providers, IReadOnlyDictionary<string, string[]> hostAliases)
    {
        Providers = providers;
        HostAliases = hostAliases.ToDictionary(a => a.Key, a => (IReadOnlyList<string>)a.Value, StringComparer.Ordinal);
    }

    public IReadOnlyList<ProviderEntry> Providers { get; }

    public IReadOnlyDictionary<string, IReadOnlyList<string>> HostAliases { get; }

    public static FakeCatalog Of(params FakeProvider[] providers) => new([.. providers.Select(p => Entry(p))]);

    public static ProviderEntry Entry(IAsyncGeneratorProvider provider, int priority = 0, ProviderStatus status = ProviderStatus.Active) =>
        new(provider.Metadata.Name, provider.Metadata, status, status == ProviderStatus.Malfunctioned ? "boom" : null,
            new PluginInfo($"plugins/{provider.Metadata.Name}/{provider.Metadata.Name}.dll", "1.0.0"),
            status == ProviderStatus.Active ? provider : null, priority, provider.Metadata.ApiEndpoint);
}
