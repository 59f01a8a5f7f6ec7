namespace Providers.Host.Plugins;

/// <summary>The plugin file a provider came from.</summary>
/// <param name="Path">The absolute path of the plugin's main assembly, or of its folder when none could be chosen.</param>
/// <param name="Version">The assembly's informational version without build metadata; empty when the file is not a readable assembly.</param>
internal sealed record PluginInfo(string Path, string Version);
