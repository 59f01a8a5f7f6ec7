namespace Providers.Host.Plugins;

/// <summary>A plugin folder's <c>plugin.json</c>: who the plugin is, which contract it was built for, and its main assembly.</summary>
/// <remarks>
/// Every key is nullable so the reader can tell "missing" from "wrong": <see cref="Abi"/> and
/// <see cref="Entry"/> are required and checked by <see cref="PluginManifestReader"/>; the others are shown when given.
/// </remarks>
internal sealed record PluginManifest
{
    /// <summary>The file name a plugin folder's manifest has.</summary>
    public const string FileName = "plugin.json";

    /// <summary>The keys a manifest may hold, in the order the documentation lists them.</summary>
    public static IReadOnlyList<string> Keys { get; } = ["name", "version", "abi", "entry", "description"];

    public string? Name { get; init; }

    public string? Version { get; init; }

    /// <summary>The <c>ProviderAbi.Version</c> the plugin was built against.</summary>
    public int? Abi { get; init; }

    /// <summary>The main assembly's file name, in the plugin folder.</summary>
    public string? Entry { get; init; }

    public string? Description { get; init; }
}
