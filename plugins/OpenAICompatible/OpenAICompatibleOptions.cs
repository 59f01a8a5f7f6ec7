using System.ComponentModel.DataAnnotations;
using Providers.Abstractions;

namespace Providers.OpenAICompatible;

/// <summary>One <c>providers:&lt;Name&gt;</c> section whose <c>type</c> is <c>OpenAICompatible</c>.</summary>
public sealed class OpenAICompatibleOptions : ProviderOptions, IValidatableObject
{
    public const string DefaultLabel = "OpenAI-compatible";

    /// <summary>The API root, ending before <c>/chat/completions</c> (for example <c>http://127.0.0.1:11434/v1</c>).</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>The name of the environment variable holding the API key; none means no <c>Authorization</c> header.</summary>
    public string? ApiKeyEnv { get; set; }

    /// <summary>Model ids served.</summary>
    public List<string> Models { get; set; } = [];

    /// <summary>Alias → model id (chains allowed).</summary>
    public Dictionary<string, string> ModelAliases { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The model used when a request names none; the first of <see cref="Models"/> by default.</summary>
    public string? DefaultModel { get; set; }

    /// <summary>Whether to also serve the ids <c>GET {baseUrl}/models</c> returns, asked once.</summary>
    public bool DiscoverModels { get; set; }

    public string Label { get; set; } = DefaultLabel;

    public bool SupportsSystemMessage { get; set; } = true;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (BaseUrl is null)
        {
            yield return new ValidationResult("baseUrl is required (for example http://127.0.0.1:11434/v1).", [nameof(BaseUrl)]);
        }
        else if (!BaseUrl.IsAbsoluteUri || (BaseUrl.Scheme != Uri.UriSchemeHttp && BaseUrl.Scheme != Uri.UriSchemeHttps))
        {
            yield return new ValidationResult("baseUrl must be an absolute http or https URL.", [nameof(BaseUrl)]);
        }

        if (ApiEndpoint is not null)
        {
            yield return new ValidationResult("apiEndpoint is not used by OpenAICompatible: set baseUrl (the URL before /chat/completions).", [nameof(ApiEndpoint)]);
        }

        if (Proxy is { IsAbsoluteUri: false })
        {
            yield return new ValidationResult("proxy must be an absolute URL.", [nameof(Proxy)]);
        }

        if (ApiKeyEnv is { } name && (name.Length == 0 || name.Any(c => char.IsWhiteSpace(c) || c == '=')))
        {
            yield return new ValidationResult("apiKeyEnv must be the name of an environment variable (not the key itself).", [nameof(ApiKeyEnv)]);
        }

        if (Models.Count == 0 && !DiscoverModels)
        {
            yield return new ValidationResult("models must list at least one model id, or discoverModels must be true.", [nameof(Models)]);
        }

        if (Models.Any(string.IsNullOrWhiteSpace))
        {
            yield return new ValidationResult("models must not contain empty ids.", [nameof(Models)]);
        }
    }
}
