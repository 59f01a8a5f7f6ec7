using System.Collections.Concurrent;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Providers.Host.Plugins;

/// <summary>
/// The names of the assemblies a plugin must take from the host: the shared ones and, transitively,
/// everything they reference. Found by reading the references from the files' metadata, without loading anything.
/// </summary>
/// <remarks>
/// McMaster's builder finds the same set by loading every assembly of it into the default context
/// (about forty framework assemblies for the contract: XML, cryptography, expression trees), which
/// costs every command's start-up time and memory for assemblies no command uses. The set depends
/// only on the shared assemblies, so it is found once per process, and only when a plugin's folder
/// carries assemblies besides its own.
/// </remarks>
internal static class SharedAssemblyClosure
{
    private static readonly ConcurrentDictionary<string, IReadOnlyList<AssemblyName>> _closures = new(StringComparer.Ordinal);

    private static readonly Lazy<Dictionary<string, string>> _platformAssemblies = new(ReadPlatformAssemblies);

    public static IReadOnlyList<AssemblyName> Of(IEnumerable<Assembly> shared)
    {
        ArgumentNullException.ThrowIfNull(shared);
        var roots = shared.Distinct().OrderBy(a => a.FullName, StringComparer.Ordinal).ToArray();
        return _closures.GetOrAdd(string.Join('|', roots.Select(a => a.FullName)), _ => Walk(roots));
    }

    private static List<AssemblyName> Walk(Assembly[] roots)
    {
        var names = new List<AssemblyName>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var pending = new Queue<(AssemblyName Name, string? Path)>(roots.Select(a => (a.GetName(), (string?)a.Location)));
        while (pending.TryDequeue(out var next))
        {
            if (next.Name.Name is not { } simpleName || !seen.Add(simpleName))
            {
                continue;
            }

            names.Add(next.Name);
            var path = next.Path is { Length: > 0 } located ? located : _platformAssemblies.Value.GetValueOrDefault(simpleName);
            foreach (var reference in path is null ? [] : ReferencesOf(path))
            {
                pending.Enqueue((reference, null));
            }
        }

        return names;
    }

    private static List<AssemblyName> ReferencesOf(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new PEReader(stream);
        var metadata = reader.GetMetadataReader();
        return [.. metadata.AssemblyReferences.Select(handle => metadata.GetAssemblyReference(handle).GetAssemblyName())];
    }

    /// <summary>The host's resolvable assemblies (framework and application) by simple name.</summary>
    private static Dictionary<string, string> ReadPlatformAssemblies()
    {
        var paths = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? "";
        var byName = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var path in paths.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            byName.TryAdd(Path.GetFileNameWithoutExtension(path), path);
        }

        return byName;
    }
}
