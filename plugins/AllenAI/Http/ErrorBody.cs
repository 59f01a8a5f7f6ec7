using System.Text.Json.Serialization;

namespace Providers.AllenAI.Http;

/// <summary>The inner object of <see cref="ErrorEnvelope"/>.</summary>
internal sealed class ErrorBody
{
    [JsonPropertyName("code")]
    public int? Code { get; set; }

    [JsonPropertyName("message")]
    public string? Message { get; set; }

    [JsonPropertyName("validation_errors")]
    public List<ValidationError>? ValidationErrors { get; set; }
}
