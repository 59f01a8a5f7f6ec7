using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Providers.Abstractions;

namespace Providers.AllenAI;

/// <summary>The <c>providers:AllenAI</c> section of plugins.json.</summary>
public sealed class AllenAIOptions : ProviderOptions, IValidatableObject
{
    /// <summary>The default <see cref="MaxLineBytes"/>: the final tree line repeats the whole reply, so lines get long.</summary>
    public const int DefaultMaxLineBytes = 16 * 1024 * 1024;

    /// <summary>
    /// <c>message-stream</c> (<c>/v4/message/stream</c>), <c>threads</c> (<c>/v4/threads/</c>) or
    /// <c>auto</c>: start with <see cref="ProviderOptions.ApiEndpoint"/> and move to <c>/v4/threads/</c>
    /// for good once the old route answers 404.
    /// </summary>
    [AllowedValues(AllenAIProtocol.Auto, AllenAIProtocol.MessageStream, AllenAIProtocol.Threads)]
    public string Protocol { get; set; } = AllenAIProtocol.Auto;

    /// <summary>Real model id → the <c>host</c> form field, overriding the built-in map.</summary>
    public Dictionary<string, string> ModelHosts { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The longest stream line accepted, in bytes; a longer line fails the reply with a clear error.</summary>
    [Range(1024, 1024 * 1024 * 1024)]
    public int MaxLineBytes { get; set; } = DefaultMaxLineBytes;

    /// <summary>
    /// <c>apiEndpoint</c> as written. The binder turns an empty value into "not set", which would
    /// silently send prompts to the public service instead of the endpoint the user meant.
    /// </summary>
    [ConfigurationKeyName("apiEndpoint")]
    [EditorBrowsable(EditorBrowsableState.Never)]
    public string? ApiEndpointAsWritten { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ApiEndpointAsWritten is not null && string.IsNullOrWhiteSpace(ApiEndpointAsWritten))
        {
            yield return new ValidationResult(
                "apiEndpoint is empty; give the endpoint's URL, or remove the key to use the public service.", [nameof(ApiEndpoint)]);
        }
        else if (ApiEndpoint is { } endpoint
            && (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps)))
        {
            yield return new ValidationResult("apiEndpoint must be an absolute http or https URL.", [nameof(ApiEndpoint)]);
        }

        if (Proxy is { IsAbsoluteUri: false })
        {
            yield return new ValidationResult("proxy must be an absolute URL.", [nameof(Proxy)]);
        }

        foreach (var (model, host) in ModelHosts)
        {
            if (string.IsNullOrWhiteSpace(host))
            {
                yield return new ValidationResult($"modelHosts:{model} must name a host (for example inferd or modal).", [nameof(ModelHosts)]);
            }
        }
    }
}
