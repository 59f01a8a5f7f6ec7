namespace Providers.Host.Plugins;

/// <summary>The plugin file a provider came from.</summary>
internal sealed record PluginInfo(string Path, string Version);
