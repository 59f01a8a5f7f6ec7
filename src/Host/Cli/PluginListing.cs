using System.Reflection;
using Providers.Abstractions;
using Providers.Host.Plugins;

namespace Providers.Host.Cli;

/// <summary>Every plugin folder of a catalog, with its manifest's fields and the providers it gave.</summary>
internal static class PluginListing
{
    public static IReadOnlyList<PluginJson> From(IProviderCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return [.. catalog.Plugins.Select(plugin => Describe(plugin, catalog.Providers))];
    }

    private static PluginJson Describe(LoadedPlugin plugin, IReadOnlyList<ProviderEntry> providers)
    {
        var manifest = plugin.Candidate.Manifest;
        var assembly = plugin.Assembly;
        // A plugin that failed as a whole has no instances; its own row in 'host providers' is the plugin, not one of them.
        var instances = providers
            .Where(p => p.TypeName is not null && string.Equals(p.Plugin.Path, plugin.Info.Path, StringComparison.Ordinal))
            .Select(p => new PluginInstanceJson(p.Name, p.TypeName!, p.Status.ToString(), p.Error ?? p.Metadata?.Error));
        var entry = manifest?.Entry ?? (plugin.Candidate.AssemblyPath is { } path ? Path.GetFileName(path) : null);
        return new PluginJson(
            plugin.Candidate.FolderName,
            plugin.Candidate.FolderPath,
            manifest?.Name ?? assembly?.GetName().Name,
            manifest?.Version ?? (plugin.Info.Version is { Length: > 0 } version ? version : null),
            manifest?.Abi ?? (assembly is null ? null : DeclaredAbi(assembly)),
            manifest?.Description ?? assembly?.GetCustomAttribute<AssemblyDescriptionAttribute>()?.Description,
            entry,
            plugin.Status.ToString(),
            plugin.Error,
            [.. plugin.ProviderTypes.Select(t => t.Name)],
            [.. instances]);
    }

    /// <summary>The version in the assembly's <c>[ProviderPlugin]</c>, read by name so a plugin's own copy of the contract counts too.</summary>
    private static int? DeclaredAbi(Assembly assembly) => assembly.GetCustomAttributesData()
        .Where(a => string.Equals(a.AttributeType.FullName, typeof(ProviderPluginAttribute).FullName, StringComparison.Ordinal))
        .Select(a => a.ConstructorArguments is [{ Value: int abi }] ? abi : (int?)null)
        .FirstOrDefault();
}
