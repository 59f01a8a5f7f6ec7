using System.Text.Json.Serialization;

namespace Providers.AllenAI.Protocol;

/// <summary>
/// Every key any stream line may carry, in either era or on <c>/v4/threads/</c>; the line's kind is
/// decided afterwards from which keys were present (see <see cref="StreamLineParser"/>).
/// </summary>
/// <remarks>Unknown keys (<c>opts</c>, <c>logprobs</c>, <c>snippet</c>…) are skipped by the reader, never stored.</remarks>
internal sealed class WireLine
{
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    /// <summary>The reply id on chunk and error lines; the root id on <c>start</c>/<c>end</c>.</summary>
    [JsonPropertyName("message")]
    public string? Message { get; set; }

    /// <summary>A text delta on chunk lines; the whole message text on a tree snapshot.</summary>
    [JsonPropertyName("content")]
    public string? Content { get; set; }

    [JsonPropertyName("error")]
    public string? Error { get; set; }

    [JsonPropertyName("reason")]
    public string? Reason { get; set; }

    [JsonPropertyName("errorCode")]
    public string? ErrorCode { get; set; }

    [JsonPropertyName("errorDescription")]
    public string? ErrorDescription { get; set; }

    [JsonPropertyName("errorSeverity")]
    public string? ErrorSeverity { get; set; }

    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("role")]
    public string? Role { get; set; }

    [JsonPropertyName("final")]
    public bool Final { get; set; }

    [JsonPropertyName("finish_reason")]
    public string? FinishReason { get; set; }

    [JsonPropertyName("children")]
    public List<TreeNode>? Children { get; set; }

    /// <summary>The flattened messages of a <c>/v4/threads/</c> snapshot.</summary>
    [JsonPropertyName("messages")]
    public List<FlatMessage>? Messages { get; set; }
}
