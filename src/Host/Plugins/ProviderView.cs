namespace Providers.Host.Plugins;

/// <summary>
/// The one public view of a provider: an element of <c>host providers --json</c> and, with <c>id</c> and
/// <c>object</c> added, of <c>GET /v1/providers</c>; keys and order as README.md documents them.
/// </summary>
/// <remarks>Not sealed: the HTTP API's card derives from it, so the two outputs cannot drift apart.</remarks>
internal record ProviderView(
    string Name,
    string? Label,
    Uri? Url,
    Uri? LoginUrl,
    Uri? ApiEndpoint,
    bool Working,
    bool NeedsAuth,
    bool UseNodriver,
    bool SupportsStream,
    bool SupportsSystemMessage,
    bool SupportsMessageHistory,
    string? DefaultModel,
    IReadOnlyList<string> Models,
    IReadOnlyDictionary<string, string> ModelAliases,
    string Status,
    string? Error,
    PluginView Plugin)
{
    public static ProviderView From(ProviderEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var metadata = entry.Metadata;
        return new ProviderView(
            entry.Name,
            metadata?.Label,
            metadata?.Url,
            metadata?.LoginUrl,
            entry.ApiEndpoint,
            metadata?.Working ?? false,
            metadata?.NeedsAuth ?? false,
            metadata?.UseNodriver ?? false,
            metadata?.SupportsStream ?? false,
            metadata?.SupportsSystemMessage ?? false,
            metadata?.SupportsMessageHistory ?? false,
            metadata?.DefaultModel,
            metadata?.Models ?? [],
            AliasOrder.Sorted(metadata?.ModelAliases),
            entry.Status.ToString(),
            entry.Error ?? metadata?.Error,
            new PluginView(entry.Plugin.Path, entry.Plugin.Version is { Length: > 0 } version ? version : null));
    }
}
