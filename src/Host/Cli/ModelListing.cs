using Providers.Abstractions;
using Providers.Host.Plugins;

namespace Providers.Host.Cli;

/// <summary>Every model of every active provider, with the provider's aliases and the host aliases that reach it.</summary>
internal static class ModelListing
{
    public static IReadOnlyList<ModelJson> From(IProviderCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var active = catalog.Providers.Where(p => p is { Status: ProviderStatus.Active, Metadata: not null }).ToArray();
        var hostAliases = catalog.HostAliases
            .Select(alias => (Alias: alias.Key, Target: ResolveHostAlias(catalog.HostAliases, alias.Key, active)))
            .Where(a => a.Target is not null)
            .ToArray();
        return [.. active.SelectMany(entry => entry.Metadata!.Models.Select(id => new ModelJson(
            id,
            entry.Name,
            [.. ModelResolver.AliasesOf(entry.Metadata, id).Order(StringComparer.Ordinal),
             .. hostAliases.Where(a => a.Target == (entry.Name, id)).Select(a => a.Alias).Order(StringComparer.Ordinal)],
            string.Equals(id, entry.Metadata.DefaultModel, StringComparison.Ordinal))))];
    }

    /// <summary>
    /// Follows a host alias (through other host aliases) to <c>(provider, model id)</c>: <c>Provider/model</c>
    /// pins the provider, otherwise the highest-priority active provider that knows the name wins.
    /// </summary>
    /// <returns>Null when the alias leads nowhere (unknown name or a cycle).</returns>
    public static (string Provider, string Model)? ResolveHostAlias(IReadOnlyDictionary<string, string> hostAliases, string alias, IReadOnlyList<ProviderEntry> active)
    {
        ArgumentNullException.ThrowIfNull(hostAliases);
        ArgumentNullException.ThrowIfNull(active);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var target = alias;
        while (hostAliases.TryGetValue(target, out var next))
        {
            if (!seen.Add(target))
            {
                return null;
            }

            target = next;
        }

        var slash = target.IndexOf('/', StringComparison.Ordinal);
        var pinned = slash > 0 ? target[..slash] : null;
        var model = slash > 0 ? target[(slash + 1)..] : target;
        foreach (var entry in active.OrderByDescending(e => e.Priority))
        {
            if ((pinned is null || string.Equals(entry.Name, pinned, StringComparison.OrdinalIgnoreCase))
                && ModelResolver.TryResolve(entry.Metadata!, model, out var id))
            {
                return (entry.Name, id);
            }
        }

        return null;
    }
}
