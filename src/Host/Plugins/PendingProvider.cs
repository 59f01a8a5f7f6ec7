using Providers.Abstractions;
using Providers.Host.Configuration;

namespace Providers.Host.Plugins;

/// <summary>A provider as known after registration and before the container builds it.</summary>
/// <param name="Name">The provider's name (its config section).</param>
/// <param name="Metadata">Static metadata when readable without an instance.</param>
/// <param name="Plugin">Where it was loaded from.</param>
/// <param name="Settings">Its validated common configuration keys.</param>
/// <param name="Status">Disabled and Malfunctioned are final; Active means "instantiate it", which may still fail.</param>
/// <param name="Error">Why it malfunctioned; null otherwise.</param>
/// <param name="ProviderType">The class registered in the container; null unless <paramref name="Status"/> is Active.</param>
/// <param name="OptionsTypes">Options classes the plugin's registrar added for this provider; validated before it is built.</param>
internal sealed record PendingProvider(
    string Name,
    ProviderMetadata? Metadata,
    PluginInfo Plugin,
    ProviderSettings Settings,
    ProviderStatus Status,
    string? Error,
    Type? ProviderType,
    IReadOnlyList<Type> OptionsTypes)
{
    public static PendingProvider Final(string name, ProviderMetadata? metadata, PluginInfo plugin, ProviderSettings settings, ProviderStatus status, string? error) =>
        new(name, metadata, plugin, settings, status, error, null, []);

    public ProviderEntry ToEntry(ProviderStatus status, string? error, ProviderMetadata? metadata = null, IAsyncGeneratorProvider? provider = null)
    {
        var effectiveMetadata = metadata ?? Metadata;
        return new ProviderEntry(
            effectiveMetadata?.Name ?? Name,
            effectiveMetadata,
            status,
            error,
            Plugin,
            provider,
            Settings.Priority,
            Settings.ApiEndpoint ?? effectiveMetadata?.ApiEndpoint);
    }
}
