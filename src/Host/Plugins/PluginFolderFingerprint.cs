using System.Text;

namespace Providers.Host.Plugins;

/// <summary>What a plugin folder holds, as one comparable string: each file's relative name, size and last write time.</summary>
/// <remarks>
/// Cheap (metadata only, no file is opened), so the plugins folder can be polled: a folder whose
/// fingerprint stops changing has finished being copied.
/// </remarks>
internal static class PluginFolderFingerprint
{
    private static readonly EnumerationOptions _everyFile = new() { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 };

    /// <summary>Folder name → fingerprint for every subfolder of <paramref name="pluginsDirectory"/>; empty when it cannot be read.</summary>
    public static Dictionary<string, string> TakeAll(string pluginsDirectory)
    {
        var fingerprints = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            foreach (var folder in Directory.EnumerateDirectories(pluginsDirectory))
            {
                fingerprints[Path.GetFileName(folder)] = Take(folder);
            }
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            // The plugins folder itself is gone or unreadable: as far as plugins go, it is empty.
        }

        return fingerprints;
    }

    public static string Take(string folder)
    {
        try
        {
            var text = new StringBuilder();
            foreach (var file in new DirectoryInfo(folder).EnumerateFiles("*", _everyFile).OrderBy(f => f.FullName, StringComparer.Ordinal))
            {
                text.Append(Path.GetRelativePath(folder, file.FullName)).Append('|').Append(file.Length).Append('|')
                    .Append(file.LastWriteTimeUtc.Ticks).Append('\n');
            }

            return text.ToString();
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            // Mid-deletion or unreadable: a fingerprint of its own, so the folder counts as changing.
            return $"unreadable: {error.Message}";
        }
    }
}
