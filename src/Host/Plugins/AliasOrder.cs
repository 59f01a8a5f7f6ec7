namespace Providers.Host.Plugins;

/// <summary>The one order in which a provider's alias map is shown, by <c>host providers --json</c> and <c>GET /v1/providers/{id}</c> alike.</summary>
/// <remarks>
/// Metadata dictionaries (often frozen) have no stable enumeration order; scripts diff this output
/// and compare the CLI with the server, so both write the keys sorted ordinally. The keys are sorted
/// as strings into an ordered dictionary rather than kept in a sorted one: a SortedDictionary of
/// strings is a tree of key-value structs that every listing compiled afresh (≈ 40 methods).
/// </remarks>
internal static class AliasOrder
{
    public static IReadOnlyDictionary<string, string> Sorted(IReadOnlyDictionary<string, string>? aliases)
    {
        if (aliases is not { Count: > 0 })
        {
            return new OrderedDictionary<string, string>(StringComparer.Ordinal);
        }

        var keys = aliases.Keys.ToArray();
        Array.Sort(keys, StringComparer.Ordinal);
        var sorted = new OrderedDictionary<string, string>(keys.Length, StringComparer.Ordinal);
        foreach (var key in keys)
        {
            sorted.Add(key, aliases[key]);
        }

        return sorted;
    }
}
