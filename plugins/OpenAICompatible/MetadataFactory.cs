using System.Collections.Frozen;
using Providers.Abstractions;

namespace Providers.OpenAICompatible;

/// <summary>Builds an instance's listing from its options (and, after discovery, the server's models).</summary>
internal static class MetadataFactory
{
    public static Uri ChatEndpoint(Uri baseUrl) => new(baseUrl.AbsoluteUri.TrimEnd('/') + "/chat/completions");

    /// <summary>A configured key variable that is empty makes every request fail; the listing says so up front.</summary>
    private static string? MissingKey(OpenAICompatibleOptions options) =>
        options.ApiKeyEnv is { } variable && string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(variable))
            ? $"the environment variable {variable} (apiKeyEnv) is empty or not set"
            : null;

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
            Working = (error ??= MissingKey(options)) is null,
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
