namespace Providers.Host.Configuration;

/// <summary>What the global command-line options say about where configuration and plugins live.</summary>
/// <param name="ConfigPath">The <c>--config</c> value as typed; null means plugins.json next to the executable.</param>
/// <param name="PluginsPath">The <c>--plugins</c> value as typed; null means <c>pluginsPath</c> from the config.</param>
internal sealed record HostSettings(string? ConfigPath = null, string? PluginsPath = null);
