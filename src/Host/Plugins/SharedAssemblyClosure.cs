using System.Collections.Concurrent;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.Loader;

namespace Providers.Host.Plugins;

/// <summary>
/// Which of a plugin folder's assemblies it must take from the host: those among the shared
/// assemblies and, transitively, everything they reference. Found from references, without loading anything.
/// </summary>
/// <remarks>
/// McMaster's builder finds the whole closure by loading every assembly of it into the default
/// context (about forty framework assemblies for the contract: XML, cryptography, expression trees),
/// which costs every command start-up time and memory for assemblies no command uses. Only the
/// folder's own files can differ from what the host would give, so only they are looked for, and the
/// walk stops once each is found or cannot be reached. The base framework (the folder of
/// System.Private.CoreLib) references nothing outside itself, so its assemblies are not followed
/// when none of the files looked for is one of them.
/// </remarks>
internal static class SharedAssemblyClosure
{
    private static readonly ConcurrentDictionary<string, AssemblyName[]> _references = new(StringComparer.OrdinalIgnoreCase);

    private static readonly Lazy<Dictionary<string, string>> _platformAssemblies = new(ReadPlatformAssemblies);

    /// <summary>The names among <paramref name="shipped"/> that the closure of <paramref name="shared"/> holds.</summary>
    public static IReadOnlySet<string> Within(IEnumerable<Assembly> shared, IEnumerable<string> shipped)
    {
        ArgumentNullException.ThrowIfNull(shared);
        ArgumentNullException.ThrowIfNull(shipped);
        var roots = shared.Distinct().Select(a => a.GetName()).ToArray();
        var loaded = new Dictionary<string, Assembly>(StringComparer.OrdinalIgnoreCase);
        foreach (var assembly in AssemblyLoadContext.Default.Assemblies)
        {
            loaded.TryAdd(assembly.GetName().Name ?? "", assembly);
        }

        string? PathOf(string name) =>
            loaded.GetValueOrDefault(name)?.Location is { Length: > 0 } located ? located : _platformAssemblies.Value.GetValueOrDefault(name);
        var baseFramework = Path.GetDirectoryName(typeof(object).Assembly.Location);
        bool InBaseFramework(string? path) => path is not null && Path.GetDirectoryName(path) == baseFramework;

        // Only what the host can resolve can be in the closure (the builder's own walk would fail on the rest).
        var sought = new HashSet<string>(shipped.Where(name => PathOf(name) is not null), StringComparer.OrdinalIgnoreCase);
        var soughtInBaseFramework = sought.Count(name => InBaseFramework(PathOf(name)));
        var found = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var pending = new Queue<AssemblyName>(roots);
        while (sought.Count > 0 && pending.TryDequeue(out var next))
        {
            if (next.Name is not { } name || !seen.Add(name))
            {
                continue;
            }

            var path = PathOf(name);
            if (sought.Remove(name))
            {
                found.Add(name);
                soughtInBaseFramework -= InBaseFramework(path) ? 1 : 0;
            }

            if (path is null || (InBaseFramework(path) && soughtInBaseFramework == 0))
            {
                continue;
            }

            foreach (var reference in _references.GetOrAdd(name, _ => ReferencesOf(loaded.GetValueOrDefault(name), path)))
            {
                pending.Enqueue(reference);
            }
        }

        return found;
    }

    /// <summary>From the loaded assembly when the host has it already (cheap), else from the file's metadata.</summary>
    private static AssemblyName[] ReferencesOf(Assembly? loaded, string path)
    {
        if (loaded is not null)
        {
            return loaded.GetReferencedAssemblies();
        }

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
