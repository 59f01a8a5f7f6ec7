namespace Providers.Host.Plugins;

/// <summary>The plugins <c>host serve</c> loaded at start, with each folder's fingerprint taken just before, handed once to <see cref="PluginReloader"/>.</summary>
/// <remarks>
/// Registered in the container, so it gives its plugins up when taken: a container-held list would keep
/// those plugins' load contexts alive after their folders are removed.
/// </remarks>
internal sealed class StartupPlugins(IReadOnlyList<LoadedPlugin> plugins, IReadOnlyDictionary<string, string> fingerprints)
{
    private IReadOnlyList<LoadedPlugin> _plugins = plugins;

    /// <summary>The loaded folders, in folder order (collectible contexts); empty once taken.</summary>
    public IReadOnlyList<LoadedPlugin> Plugins => Volatile.Read(ref _plugins);

    /// <summary>Folder name → fingerprint, taken before loading.</summary>
    public IReadOnlyDictionary<string, string> Fingerprints { get; } = fingerprints;

    /// <summary>Returns the plugins and lets go of them.</summary>
    public IReadOnlyList<LoadedPlugin> Take() => Interlocked.Exchange(ref _plugins, []);
}
