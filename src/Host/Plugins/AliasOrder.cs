namespace Providers.Host.Plugins;

/// <summary>The one order in which a provider's alias map is shown, by <c>host providers --json</c> and <c>GET /v1/providers/{id}</c> alike.</summary>
/// <remarks>
/// Metadata dictionaries (often frozen) have no stable enumeration order; scripts diff this output
/// and compare the CLI with the server, so both write the keys sorted ordinally.
/// </remarks>
internal static class AliasOrder
{
    public static IReadOnlyDictionary<string, string> Sorted(IReadOnlyDictionary<string, string>? aliases) =>
        new SortedDictionary<string, string>(aliases?.ToDictionary() ?? [], StringComparer.Ordinal);
}
