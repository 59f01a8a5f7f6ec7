namespace Providers.Host.Plugins;

/// <summary>One subfolder of the plugins folder and the assembly chosen as its entry point.</summary>
/// <param name="FolderName">The subfolder's name; names the entry when nothing else can.</param>
/// <param name="FolderPath">The subfolder's absolute path.</param>
/// <param name="AssemblyPath">The absolute path of the main assembly; null when none could be chosen or none may be loaded.</param>
/// <param name="Error">Why no main assembly could be chosen or loaded; null otherwise.</param>
internal sealed record PluginCandidate(string FolderName, string FolderPath, string? AssemblyPath, string? Error)
{
    /// <summary>The folder's <c>plugin.json</c>, when it has one that could be read.</summary>
    public PluginManifest? Manifest { get; init; }

    /// <summary>What <see cref="Error"/> makes of the plugin: Malfunctioned, or NotSupported when its manifest names another ABI.</summary>
    public ProviderStatus ErrorStatus { get; init; } = ProviderStatus.Malfunctioned;
}
