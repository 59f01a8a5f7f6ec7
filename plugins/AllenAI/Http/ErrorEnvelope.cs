using System.Text.Json.Serialization;

namespace Providers.AllenAI.Http;

/// <summary>olmo-api's error body: <c>{"error": {"code", "message", "validation_errors"?}}</c>.</summary>
internal sealed class ErrorEnvelope
{
    [JsonPropertyName("error")]
    public ErrorBody? Error { get; set; }
}
