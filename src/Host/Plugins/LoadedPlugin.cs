using System.Reflection;
using System.Runtime.Loader;

namespace Providers.Host.Plugins;

/// <summary>The outcome of loading one plugin folder.</summary>
/// <param name="Candidate">The folder it came from.</param>
/// <param name="Info">Path and version of the main assembly.</param>
/// <param name="Assembly">The loaded main assembly; null when loading failed.</param>
/// <param name="ProviderTypes">The provider types it exports, usable or not.</param>
/// <param name="Error">Why the whole plugin is unusable; when set, the other members may be empty.</param>
internal sealed record LoadedPlugin(
    PluginCandidate Candidate,
    PluginInfo Info,
    Assembly? Assembly,
    IReadOnlyList<ProviderTypeEntry> ProviderTypes,
    string? Error)
{
    /// <summary>The plugin's collectible load context; null unless loaded to be unloaded (<c>host serve</c>).</summary>
    /// <remarks>Unloaded only once no catalog in use holds anything of the plugin.</remarks>
    public AssemblyLoadContext? LoadContext { get; init; }

    /// <summary>Active when it loaded; else what its candidate's check decided (NotSupported for a foreign ABI), or Malfunctioned.</summary>
    public ProviderStatus Status => Error is null ? ProviderStatus.Active
        : Candidate.Error is not null ? Candidate.ErrorStatus
        : ProviderStatus.Malfunctioned;

    public static LoadedPlugin Failed(PluginCandidate candidate, PluginInfo info, string error) =>
        new(candidate, info, null, [], error);
}
