namespace Providers.Host.Plugins;

/// <summary>The <c>plugin</c> object of a <see cref="ProviderView"/>.</summary>
/// <param name="Path">The absolute path of the plugin's main assembly (or its folder when it has none).</param>
/// <param name="Version">Null when the file is not a readable assembly.</param>
internal sealed record PluginView(string Path, string? Version);
