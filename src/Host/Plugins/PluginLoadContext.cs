using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;
using System.Text.Json;
using McMaster.NETCore.Plugins.Loader;

namespace Providers.Host.Plugins;

/// <summary>
/// Builds a plugin's load context exactly as McMaster's <c>PluginLoader.CreateFromAssemblyFile(path,
/// isUnloadable, sharedTypes)</c> does, through the library's own public builder (with <c>unloadable</c>:
/// collectible, assemblies read into memory, as its <c>LoadInMemory</c> option does).
/// </summary>
/// <remarks>
/// Two differences. The assemblies shared with the host and everything they reference
/// (<see cref="SharedAssemblyClosure"/>) are named to the builder only where the plugin's folder has
/// a copy, so nothing else is loaded up front; the plugin gets the same assembly for every name. The other is how the runtimeconfig files are read for extra probing paths: the
/// library deserialises them with the reflection-based JSON serializer and reads the process's
/// main module from /proc, ≈ 50–80 ms of every <c>host providers</c> start-up for two plugins.
/// Here the same keys are read with <see cref="JsonDocument"/> and the process path from
/// <see cref="Environment.ProcessPath"/>, adding the same probing paths.
/// </remarks>
internal static class PluginLoadContext
{
    private const string _jsonExtension = ".json";

    /// <param name="mainAssemblyPath">The plugin's main assembly.</param>
    /// <param name="sharedTypes">One type of each assembly the host shares with the plugin.</param>
    /// <param name="unloadable">Collectible, and reading dependencies into memory instead of mapping their files (<c>host serve</c>).</param>
    public static AssemblyLoadContext Create(string mainAssemblyPath, IEnumerable<Type> sharedTypes, bool unloadable = false)
    {
        var builder = new AssemblyLoadContextBuilder()
            .SetMainAssemblyPath(mainAssemblyPath)
            .SetDefaultContext(AssemblyLoadContext.GetLoadContext(typeof(AssemblyLoadContextBuilder).Assembly) ?? AssemblyLoadContext.Default);
        if (unloadable)
        {
            builder.EnableUnloading().PreloadAssembliesIntoMemory().ShadowCopyNativeLibraries();
        }

        var directory = Path.GetDirectoryName(mainAssemblyPath)
            ?? throw new InvalidOperationException("Could not determine the plugin's folder from its main assembly path.");

        // Only a copy in the plugin's folder could be loaded instead of the host's: every other name falls
        // back to the host anyway. So only those are named, and lazily, which loads nothing else into the
        // host (the builder's eager mode loads the whole closure: about forty assemblies no command uses).
        builder.IsLazyLoaded(true);
        var shipped = Directory.EnumerateFiles(directory, "*.dll").Select(file => Path.GetFileNameWithoutExtension(file)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        shipped.Remove(Path.GetFileNameWithoutExtension(mainAssemblyPath));
        if (shipped.Count > 0)
        {
            foreach (var name in SharedAssemblyClosure.Within(sharedTypes.Select(type => type.Assembly), shipped))
            {
                builder.PreferDefaultLoadContextAssembly(new AssemblyName(name));
            }
        }

        AddProbingPathsFromRuntimeConfig(builder, Path.Combine(directory, Path.GetFileNameWithoutExtension(mainAssemblyPath) + ".runtimeconfig.json"));
        foreach (var runtimeConfig in Directory.GetFiles(AppContext.BaseDirectory, "*.runtimeconfig.json"))
        {
            AddProbingPathsFromRuntimeConfig(builder, runtimeConfig);
        }

        return builder.Build();
    }

    /// <summary>The library's <c>TryAddAdditionalProbingPathFromRuntimeConfig(path, includeDevConfig: true)</c>: unreadable files add nothing.</summary>
    private static void AddProbingPathsFromRuntimeConfig(AssemblyLoadContextBuilder builder, string runtimeConfigPath)
    {
        if (ReadRuntimeOptions(runtimeConfigPath) is not { } options)
        {
            return;
        }

        var devOptions = ReadRuntimeOptions(runtimeConfigPath[..^_jsonExtension.Length] + ".dev.json");
        var tfm = options.Tfm ?? devOptions?.Tfm;
        AddProbingPaths(builder, options.ProbingPaths, tfm);
        AddProbingPaths(builder, devOptions?.ProbingPaths ?? [], tfm);
        if (tfm is not null && Environment.ProcessPath is { } process
            && string.Equals(Path.GetFileNameWithoutExtension(process), "dotnet", StringComparison.OrdinalIgnoreCase)
            && Path.GetDirectoryName(process) is { } dotnetHome)
        {
            builder.AddProbingPath(Path.Combine(dotnetHome, "store", Architecture, tfm));
        }
    }

    private static void AddProbingPaths(AssemblyLoadContextBuilder builder, IReadOnlyList<string> paths, string? tfm)
    {
        foreach (var item in paths)
        {
            var path = item.Replace("|arch|", Architecture, StringComparison.Ordinal);
            if (path.Contains("|tfm|", StringComparison.Ordinal))
            {
                if (tfm is null)
                {
                    continue;
                }

                path = path.Replace("|tfm|", tfm, StringComparison.Ordinal);
            }

            builder.AddProbingPath(path);
        }
    }

#pragma warning disable CA1308 // The runtime's store folders are named in lower case.
    private static string Architecture => RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant();
#pragma warning restore CA1308

    /// <summary><c>runtimeOptions.tfm</c> and <c>runtimeOptions.additionalProbingPaths</c>; null when the file is missing or not such JSON.</summary>
    private static (string? Tfm, IReadOnlyList<string> ProbingPaths)? ReadRuntimeOptions(string path)
    {
        try
        {
            if (!File.Exists(path))
            {
                return null;
            }

            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            if (!document.RootElement.TryGetProperty("runtimeOptions", out var options) || options.ValueKind != JsonValueKind.Object)
            {
                return (null, []);
            }

            var tfm = options.TryGetProperty("tfm", out var tfmValue) && tfmValue.ValueKind == JsonValueKind.String ? tfmValue.GetString() : null;
            var paths = options.TryGetProperty("additionalProbingPaths", out var pathsValue) && pathsValue.ValueKind == JsonValueKind.Array
                ? pathsValue.EnumerateArray().Where(p => p.ValueKind == JsonValueKind.String).Select(p => p.GetString()!).ToList()
                : [];
            return (tfm, paths);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }
}
