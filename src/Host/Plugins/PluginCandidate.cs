namespace Providers.Host.Plugins;

/// <summary>One subfolder of the plugins folder and the assembly chosen as its entry point.</summary>
/// <param name="FolderName">The subfolder's name; names the entry when nothing else can.</param>
/// <param name="FolderPath">The subfolder's absolute path.</param>
/// <param name="AssemblyPath">The absolute path of the main assembly; null when none could be chosen.</param>
/// <param name="Error">Why no main assembly could be chosen; null otherwise.</param>
internal sealed record PluginCandidate(string FolderName, string FolderPath, string? AssemblyPath, string? Error);
