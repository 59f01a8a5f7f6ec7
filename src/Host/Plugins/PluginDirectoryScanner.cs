namespace Providers.Host.Plugins;

/// <summary>Finds one plugin per subfolder of the plugins folder and picks its main assembly.</summary>
/// <remarks>
/// A folder with a <c>plugin.json</c> is read by <see cref="PluginManifestReader"/>: its <c>entry</c>
/// names the main assembly. Without one, the rule, in order: the stem of the folder's only <c>*.deps.json</c> (what <c>dotnet publish</c>
/// writes for the entry assembly); else <c>&lt;FolderName&gt;.dll</c>; else the folder's only <c>*.dll</c>.
/// Files directly in the plugins folder are skipped with a warning: a plugin always has its own folder.
/// </remarks>
internal static class PluginDirectoryScanner
{
    /// <param name="pluginsDirectory">The plugins folder.</param>
    /// <param name="skipped">Told, in one line each, of every entry that is not a plugin folder: loose files, dangling links, links back to the plugins folder or above it.</param>
    public static IReadOnlyList<PluginCandidate> Scan(string pluginsDirectory, Action<string>? skipped = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(pluginsDirectory);
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(pluginsDirectory));
        var candidates = new List<PluginCandidate>();
        foreach (var entry in Directory.EnumerateFileSystemEntries(root).Order(StringComparer.Ordinal))
        {
            if (WhyNotAPluginFolder(root, entry) is { } reason)
            {
                skipped?.Invoke($"Skipped {entry} in the plugins folder: {reason}");
                continue;
            }

            candidates.Add(ToCandidate(entry));
        }

        return candidates;
    }

    private static string? WhyNotAPluginFolder(string root, string entry)
    {
        var info = new DirectoryInfo(entry);
        if (info.LinkTarget is null)
        {
            return info.Exists ? null : "a plugin needs a folder of its own, this is a file";
        }

        if (info.ResolveLinkTarget(returnFinalTarget: true) is not { Exists: true } target)
        {
            return $"a dangling link (to {info.LinkTarget})";
        }

        if (target is not DirectoryInfo)
        {
            return "a link to a file, not to a folder";
        }

        // A link to the plugins folder or above it would load plugins from themselves, or loop.
        var resolved = Path.TrimEndingDirectorySeparator(target.FullName);
        var within = resolved.Length == 0 || root.Equals(resolved, StringComparison.Ordinal)
            || root.StartsWith(resolved + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            || resolved == Path.GetPathRoot(root);
        return within ? $"a link to {resolved}, the plugins folder itself or a folder above it" : null;
    }

    private static PluginCandidate ToCandidate(string folder)
    {
        var folderName = Path.GetFileName(folder);
        if (Path.Exists(Path.Combine(folder, PluginManifest.FileName)))
        {
            return PluginManifestReader.Read(folderName, folder);
        }

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
