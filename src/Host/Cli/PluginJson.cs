namespace Providers.Host.Cli;

/// <summary>One element of <c>plugins --json</c>: a plugin folder, what it says it is, and what it gave.</summary>
/// <param name="Folder">The folder's name.</param>
/// <param name="Path">The folder's absolute path.</param>
/// <param name="Name">From plugin.json; without one, the main assembly's name; null when neither is known.</param>
/// <param name="Version">From plugin.json; without one, the main assembly's informational version.</param>
/// <param name="Abi">From plugin.json; without one, the version in the assembly's <c>[ProviderPlugin]</c>.</param>
/// <param name="Description">From plugin.json; without one, the assembly's description.</param>
/// <param name="Entry">The main assembly's file name: plugin.json's <c>entry</c>, else the one the folder rules chose.</param>
/// <param name="Status">Active (loaded), Malfunctioned or NotSupported.</param>
/// <param name="Error">Why it is not Active; null otherwise.</param>
/// <param name="ProviderTypes">The names of the provider types it exports.</param>
/// <param name="Instances">The providers built from those types, as <c>host providers</c> lists them.</param>
internal sealed record PluginJson(
    string Folder,
    string Path,
    string? Name,
    string? Version,
    int? Abi,
    string? Description,
    string? Entry,
    string Status,
    string? Error,
    IReadOnlyList<string> ProviderTypes,
    IReadOnlyList<PluginInstanceJson> Instances);
