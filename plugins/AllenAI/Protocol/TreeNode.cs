using System.Text.Json.Serialization;

namespace Providers.AllenAI.Protocol;

/// <summary>A message nested in an Era A/B tree snapshot (snake_case keys).</summary>
internal sealed class TreeNode
{
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("role")]
    public string? Role { get; set; }

    [JsonPropertyName("content")]
    public string? Content { get; set; }

    [JsonPropertyName("final")]
    public bool Final { get; set; }

    [JsonPropertyName("finish_reason")]
    public string? FinishReason { get; set; }

    [JsonPropertyName("children")]
    public List<TreeNode>? Children { get; set; }
}
