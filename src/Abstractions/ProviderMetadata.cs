using System.Collections.Frozen;

namespace Providers.Abstractions;

/// <summary>
/// What a provider is and can do, mirroring g4f's <c>ProviderModelMixin</c> class attributes.
/// </summary>
/// <remarks>Immutable; declare it once as a static property of the provider.</remarks>
public sealed record ProviderMetadata
{
    /// <summary>The instance's name (<see cref="ProviderInstance.Name"/>): used in configuration, routing (<c>Name/model</c>) and output.</summary>
    public required string Name { get; init; }

    /// <summary>Human-readable label.</summary>
    public required string Label { get; init; }

    /// <summary>The provider's public web site.</summary>
    public required Uri Url { get; init; }

    /// <summary>Where a user signs in, when the provider has such a page.</summary>
    public Uri? LoginUrl { get; init; }

    /// <summary>The default API endpoint; configuration may override it.</summary>
    public Uri? ApiEndpoint { get; init; }

    /// <summary>Whether the provider is believed to work at all.</summary>
    public bool Working { get; init; }

    /// <summary>Why <see cref="Working"/> is false, in one line (for example a failed model discovery); null otherwise.</summary>
    /// <remarks>The provider still serves requests; listings show it as the <c>error</c> of an active provider.</remarks>
    public string? Error { get; init; }

    /// <summary>Whether requests need credentials.</summary>
    public bool NeedsAuth { get; init; }

    /// <summary>Whether the provider drives a browser.</summary>
    public bool UseNodriver { get; init; }

    /// <summary>Whether replies stream token by token.</summary>
    public bool SupportsStream { get; init; }

    /// <summary>Whether a system message is passed through as such (otherwise it is folded into the prompt).</summary>
    public bool SupportsSystemMessage { get; init; }

    /// <summary>Whether earlier turns of a conversation are taken into account.</summary>
    public bool SupportsMessageHistory { get; init; }

    /// <summary>Whether the provider accepts tool definitions (<c>tools</c>, <c>tool_choice</c>) and returns tool calls.</summary>
    public bool SupportsTools { get; init; }

    /// <summary>Whether the provider honours a structured response format (<c>response_format</c>).</summary>
    public bool SupportsResponseFormat { get; init; }

    /// <summary>Whether user messages may carry images.</summary>
    public bool SupportsImages { get; init; }

    /// <summary>The model used when a request names none.</summary>
    public required string DefaultModel { get; init; }

    /// <summary>Real model ids, as sent upstream.</summary>
    public IReadOnlyList<string> Models { get; init; } = [];

    /// <summary>Alias → target; a target may itself be an alias (chains are followed).</summary>
    public IReadOnlyDictionary<string, string> ModelAliases { get; init; } = FrozenDictionary<string, string>.Empty;
}
