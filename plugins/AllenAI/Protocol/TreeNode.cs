namespace Providers.AllenAI.Protocol;

/// <summary>A message nested in an Era A/B tree snapshot (keys <c>id</c>, <c>role</c>, <c>content</c>, <c>final</c>, <c>finish_reason</c>, <c>children</c>; read by <see cref="StreamLineParser"/>).</summary>
internal sealed class TreeNode
{
    public string? Id { get; set; }

    public string? Role { get; set; }

    public string? Content { get; set; }

    public bool Final { get; set; }

    public string? FinishReason { get; set; }

    public List<TreeNode>? Children { get; set; }
}
