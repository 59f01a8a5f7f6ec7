using System.Collections.Frozen;
using Providers.Abstractions;

namespace Providers.OpenAICompatible;

/// <summary>Builds an instance's listing from its options (and, after discovery, the server's models).</summary>
internal static class MetadataFactory
{
    public static Uri ChatEndpoint(Uri baseUrl) => new(baseUrl.AbsoluteUri.TrimEnd('/') + "/chat/completions");

    public static ProviderMetadata Create(string name, OpenAICompatibleOptions options, IReadOnlyList<string>? discovered = null, string? error = null)
    {
        var baseUrl = options.BaseUrl ?? new Uri("http://127.0.0.1/");
        IReadOnlyList<string> models = [.. options.Models.Concat(discovered ?? []).Distinct(StringComparer.Ordinal)];
        return new ProviderMetadata
        {
            Name = name,
            Label = options.Label,
            Url = baseUrl,
            LoginUrl = null,
            ApiEndpoint = ChatEndpoint(baseUrl),
            Working = error is null,
            Error = error,
            NeedsAuth = options.ApiKeyEnv is not null,
            UseNodriver = false,
            SupportsStream = true,
            SupportsSystemMessage = options.SupportsSystemMessage,
            SupportsMessageHistory = true,
            DefaultModel = options.DefaultModel ?? (models.Count > 0 ? models[0] : ""),
            Models = models,
            ModelAliases = options.ModelAliases.ToFrozenDictionary(StringComparer.Ordinal),
        };
    }
}
