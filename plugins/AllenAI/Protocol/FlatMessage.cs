using System.Text.Json.Serialization;

namespace Providers.AllenAI.Protocol;

/// <summary>A message of a <c>/v4/threads/</c> snapshot (camelCase keys; children are ids, not nodes).</summary>
internal sealed class FlatMessage
{
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("role")]
    public string? Role { get; set; }

    [JsonPropertyName("content")]
    public string? Content { get; set; }

    [JsonPropertyName("final")]
    public bool Final { get; set; }

    [JsonPropertyName("finishReason")]
    public string? FinishReason { get; set; }
}
