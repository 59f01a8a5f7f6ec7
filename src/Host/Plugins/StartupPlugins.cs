namespace Providers.Host.Plugins;

/// <summary>The plugins <c>host serve</c> loaded at start, with each folder's fingerprint taken just before, for <see cref="PluginReloader"/> to carry on from.</summary>
/// <param name="Plugins">The loaded folders, in folder order; their load contexts are collectible.</param>
/// <param name="Fingerprints">Folder name → fingerprint, taken before loading.</param>
internal sealed record StartupPlugins(IReadOnlyList<LoadedPlugin> Plugins, IReadOnlyDictionary<string, string> Fingerprints);
