using System.Text.Json.Serialization;

namespace Providers.Host.Server.Contracts;

/// <summary>
/// A provider as <c>GET /v1/providers</c> lists it: the same keys and values as <c>host providers --json</c>,
/// plus <c>id</c> and <c>object</c>. The model fields are filled only for <c>GET /v1/providers/{id}</c>.
/// </summary>
internal sealed record ProviderCard
{
    public required string Id { get; init; }

    public string Object { get; } = "provider";

    public required string Name { get; init; }

    public string? Label { get; init; }

    public Uri? Url { get; init; }

    public Uri? LoginUrl { get; init; }

    public Uri? ApiEndpoint { get; init; }

    public bool Working { get; init; }

    public bool NeedsAuth { get; init; }

    public bool UseNodriver { get; init; }

    public bool SupportsStream { get; init; }

    public bool SupportsSystemMessage { get; init; }

    public bool SupportsMessageHistory { get; init; }

    public required string Status { get; init; }

    public string? Error { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? DefaultModel { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Models { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string>? ModelAliases { get; init; }
}
