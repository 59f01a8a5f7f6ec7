using Providers.Abstractions;
using Providers.Host.Plugins;

namespace Providers.Host.Tests.Fakes;

/// <summary>An in-memory catalog of hand-made entries, in place of plugin discovery.</summary>
internal sealed class FakeCatalog(IReadOnlyList<ProviderEntry> providers, IReadOnlyDictionary<string, string>? hostAliases = null)
    : IProviderCatalog
{
    public IReadOnlyList<ProviderEntry> Providers { get; } = providers;

    public IReadOnlyDictionary<string, string> HostAliases { get; } = hostAliases ?? new Dictionary<string, string>();

    public static FakeCatalog Of(params FakeProvider[] providers) => new([.. providers.Select(p => Entry(p))]);

    public static ProviderEntry Entry(IAsyncGeneratorProvider provider, int priority = 0, ProviderStatus status = ProviderStatus.Active) =>
        new(provider.Metadata.Name, provider.Metadata, status, status == ProviderStatus.Malfunctioned ? "boom" : null,
            new PluginInfo($"plugins/{provider.Metadata.Name}/{provider.Metadata.Name}.dll", "1.0.0"),
            status == ProviderStatus.Active ? provider : null, priority, provider.Metadata.ApiEndpoint);
}
