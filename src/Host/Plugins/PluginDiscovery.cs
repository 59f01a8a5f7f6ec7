namespace Providers.Host.Plugins;

/// <summary>Loads every plugin folder of the plugins folder, each into its own load context.</summary>
internal static class PluginDiscovery
{
    /// <summary>One result per subfolder, in folder order; a plugin that fails is recorded, never thrown.</summary>
    public static IReadOnlyList<LoadedPlugin> LoadAll(string pluginsDirectory, PluginAssemblyLoader loader)
    {
        ArgumentNullException.ThrowIfNull(loader);
        return [.. PluginDirectoryScanner.Scan(pluginsDirectory).Select(loader.Load)];
    }
}
