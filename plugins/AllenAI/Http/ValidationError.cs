using System.Text.Json;
using System.Text.Json.Serialization;

namespace Providers.AllenAI.Http;

/// <summary>One pydantic validation error; <c>loc</c> mixes field names and list indexes.</summary>
internal sealed class ValidationError
{
    [JsonPropertyName("loc")]
    public List<JsonElement>? Loc { get; set; }

    [JsonPropertyName("msg")]
    public string? Msg { get; set; }
}
