namespace Providers.AllenAI.Protocol;

/// <summary>
/// Every key any stream line may carry, in either era or on <c>/v4/threads/</c>; the line's kind is
/// decided afterwards from which keys were present (see <see cref="StreamLineParser"/>).
/// </summary>
/// <remarks>
/// Filled by <see cref="StreamLineParser"/>; unknown keys (<c>opts</c>, <c>logprobs</c>, <c>snippet</c>…)
/// are skipped, never stored. A struct on the parser's stack: a line costs no allocation of its own.
/// </remarks>
internal struct WireLine
{
    public string? Type { get; set; }

    /// <summary>The reply id on chunk and error lines; the root id on <c>start</c>/<c>end</c>.</summary>
    public string? Message { get; set; }

    /// <summary>A text delta on chunk lines; the whole message text on a tree snapshot.</summary>
    public string? Content { get; set; }

    public string? Error { get; set; }

    public string? Reason { get; set; }

    public string? ErrorCode { get; set; }

    public string? ErrorDescription { get; set; }

    public string? ErrorSeverity { get; set; }

    public string? Id { get; set; }

    public string? Role { get; set; }

    public bool Final { get; set; }

    public string? FinishReason { get; set; }

    public List<TreeNode>? Children { get; set; }

    /// <summary>The flattened messages of a <c>/v4/threads/</c> snapshot.</summary>
    public List<FlatMessage>? Messages { get; set; }
}
