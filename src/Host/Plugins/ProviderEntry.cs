using Providers.Abstractions;

namespace Providers.Host.Plugins;

/// <summary>One discovered provider (or one plugin that failed before it could name its providers).</summary>
/// <param name="Name">The provider's name, or the plugin folder's name when its metadata is unreadable.</param>
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
    Uri? ApiEndpoint);
