using Providers.Abstractions;
using Providers.Host.Plugins;
using Providers.Host.Routing;

namespace Providers.Host.Cli;

/// <summary>Every model of every provider that can serve requests, with the provider's aliases and the host aliases that reach it.</summary>
internal static class ModelListing
{
    public static IReadOnlyList<ModelJson> From(IProviderCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var resolver = new ModelRouteResolver(catalog);
        var active = resolver.Eligible.OrderBy(e => e.Name, StringComparer.Ordinal);
        var hostAliases = catalog.HostAliases
            .Select(alias => (Alias: alias.Key, Target: ResolveHostAlias(resolver, alias.Key)))
            .Where(a => a.Target is not null)
            .ToArray();
        return [.. active.SelectMany(entry => entry.Metadata!.Models.Select(id => new ModelJson(
            id,
            entry.Name,
            [.. ModelResolver.AliasesOf(entry.Metadata, id).Order(StringComparer.Ordinal),
             .. hostAliases.Where(a => a.Target == (entry.Name, id)).Select(a => a.Alias).Order(StringComparer.Ordinal)],
            string.Equals(id, entry.Metadata.DefaultModel, StringComparison.Ordinal))))];
    }

    // The router's own resolution, so 'host models' never shows an alias the router would send elsewhere.
    private static (string Provider, string Model)? ResolveHostAlias(ModelRouteResolver resolver, string alias)
    {
        try
        {
            var best = resolver.Resolve(alias)[0];
            return (best.Name, best.ModelId);
        }
        catch (ModelNotFoundException)
        {
            return null;
        }
    }
}
