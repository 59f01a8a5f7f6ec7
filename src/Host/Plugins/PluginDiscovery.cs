namespace Providers.Host.Plugins;

/// <summary>Loads every plugin folder of the plugins folder, each into its own load context.</summary>
internal static class PluginDiscovery
{
    /// <summary>One result per subfolder, in folder order; a plugin that fails is recorded, never thrown.</summary>
    /// <param name="pluginsDirectory">The plugins folder.</param>
    /// <param name="loader">Loads one folder.</param>
    /// <param name="skipped">Told of each entry that is no plugin folder, one line each.</param>
    public static IReadOnlyList<LoadedPlugin> LoadAll(string pluginsDirectory, PluginAssemblyLoader loader, Action<string>? skipped = null)
    {
        ArgumentNullException.ThrowIfNull(loader);
        return [.. PluginDirectoryScanner.Scan(pluginsDirectory, skipped).Select(loader.Load)];
    }
}
