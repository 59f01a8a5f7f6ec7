using Providers.Host.Plugins;

namespace Providers.Host.Cli;

/// <summary>One element of <c>providers --json</c>, keys and order exactly as CONTRACT.md lists them.</summary>
internal sealed record ProviderJson(
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
    PluginJson Plugin)
{
    public static ProviderJson From(ProviderEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var metadata = entry.Metadata;
        return new ProviderJson(
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
            new PluginJson(entry.Plugin.Path, entry.Plugin.Version is { Length: > 0 } version ? version : null));
    }
}
