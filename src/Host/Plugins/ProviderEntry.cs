using Providers.Abstractions;

namespace Providers.Host.Plugins;

/// <summary>One provider instance (or one plugin or type that failed before it could have instances).</summary>
/// <param name="Name">The instance's name (its <c>providers:&lt;Name&gt;</c> key, or the type's name for an implicit instance), or the plugin folder's name when the plugin failed to load.</param>
/// <param name="Metadata">The provider's metadata; null only for a plugin that failed to load.</param>
/// <param name="Status">Active, Disabled by config, or Malfunctioned.</param>
/// <param name="Error">One line saying why it malfunctioned; null otherwise.</param>
/// <param name="Plugin">Where it was loaded from.</param>
/// <param name="Provider">The instance; null unless <see cref="Status"/> is Active.</param>
/// <param name="Priority">Routing order from config: higher first.</param>
/// <param name="ApiEndpoint">The effective endpoint: config's <c>apiEndpoint</c>, else the metadata's.</param>
internal sealed record ProviderEntry(
    string Name,
    ProviderMetadata? Metadata,
    ProviderStatus Status,
    string? Error,
    PluginInfo Plugin,
    IAsyncGeneratorProvider? Provider,
    int Priority,
    Uri? ApiEndpoint)
{
    /// <summary>The provider type the instance was created from; null when the plugin failed to load.</summary>
    public string? TypeName { get; init; }
}
