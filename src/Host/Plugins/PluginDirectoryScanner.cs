namespace Providers.Host.Plugins;

/// <summary>Finds one plugin per subfolder of the plugins folder and picks its main assembly.</summary>
/// <remarks>
/// The rule, in order: the stem of the folder's only <c>*.deps.json</c> (what <c>dotnet publish</c>
/// writes for the entry assembly); else <c>&lt;FolderName&gt;.dll</c>; else the folder's only <c>*.dll</c>.
/// Files directly in the plugins folder are ignored: a plugin always has its own folder.
/// </remarks>
internal static class PluginDirectoryScanner
{
    public static IReadOnlyList<PluginCandidate> Scan(string pluginsDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(pluginsDirectory);
        return [.. Directory.EnumerateDirectories(pluginsDirectory)
            .Order(StringComparer.Ordinal)
            .Select(ToCandidate)];
    }

    private static PluginCandidate ToCandidate(string folder)
    {
        var folderName = Path.GetFileName(folder);
        var depsFiles = Directory.GetFiles(folder, "*.deps.json");
        if (depsFiles.Length == 1)
        {
            var stem = Path.GetFileName(depsFiles[0])[..^".deps.json".Length];
            var fromDeps = Path.Combine(folder, stem + ".dll");
            return File.Exists(fromDeps)
                ? new(folderName, folder, fromDeps, null)
                : new(folderName, folder, null, $"{Path.GetFileName(depsFiles[0])} names {stem}.dll, which is missing");
        }

        var named = Path.Combine(folder, folderName + ".dll");
        if (File.Exists(named))
        {
            return new(folderName, folder, named, null);
        }

        var assemblies = Directory.GetFiles(folder, "*.dll");
        return assemblies.Length switch
        {
            1 => new(folderName, folder, assemblies[0], null),
            0 => new(folderName, folder, null, "no .dll file in the plugin folder"),
            _ => new(folderName, folder, null,
                $"cannot tell the main assembly among {assemblies.Length} .dll files: ship one .deps.json or name it {folderName}.dll"),
        };
    }
}
