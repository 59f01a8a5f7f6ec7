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

        // One pass over the aliases, then one lookup per model: linear, however many aliases there are.
        var aliasesByModel = new Dictionary<(string Provider, string Model), List<string>>();
        foreach (var alias in catalog.HostAliases.Keys)
        {
            foreach (var target in Reachable(resolver, alias))
            {
                if (!aliasesByModel.TryGetValue(target, out var list))
                {
                    aliasesByModel[target] = list = [];
                }

                list.Add(alias);
            }
        }

        return [.. active.SelectMany(entry => entry.Metadata!.Models.Select(id => new ModelJson(
            id,
            entry.Name,
            [.. ModelResolver.AliasesOf(entry.Metadata, id).Order(StringComparer.Ordinal),
             .. (aliasesByModel.GetValueOrDefault((entry.Name, id)) ?? []).Order(StringComparer.Ordinal)],
            string.Equals(id, entry.Metadata.DefaultModel, StringComparison.Ordinal))))];
    }

    // The router's own resolution, so 'host models' never shows an alias the router would send
    // elsewhere: the best candidate of each target an alias falls back through.
    private static IEnumerable<(string Provider, string Model)> Reachable(ModelRouteResolver resolver, string alias)
    {
        IReadOnlyList<RouteCandidate> candidates;
        try
        {
            candidates = resolver.Resolve(alias);
        }
        catch (ModelNotFoundException)
        {
            return [];
        }

        return resolver.TargetsOf(alias) is { Count: > 1 } targets
            ? targets.SelectMany(target => Best(resolver, target)).Distinct()
            : [(candidates[0].Name, candidates[0].ModelId)];
    }

    private static IEnumerable<(string Provider, string Model)> Best(ModelRouteResolver resolver, string target)
    {
        try
        {
            var best = resolver.Resolve(target)[0];
            return [(best.Name, best.ModelId)];
        }
        catch (ModelNotFoundException)
        {
            return [];
        }
    }
}
