using System.Text.Json;
using System.Text.Json.Serialization;

namespace Providers.AllenAI.Http;

/// <summary>olmo-api's error body: <c>{"error": {"code", "message", "validation_errors"?}}</c>.</summary>
internal sealed class ErrorEnvelope
{
    [JsonPropertyName("error")]
    public ErrorBody? Error { get; set; }
}

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

/// <summary>One pydantic validation error; <c>loc</c> mixes field names and list indexes.</summary>
internal sealed class ValidationError
{
    [JsonPropertyName("loc")]
    public List<JsonElement>? Loc { get; set; }

    [JsonPropertyName("msg")]
    public string? Msg { get; set; }
}
