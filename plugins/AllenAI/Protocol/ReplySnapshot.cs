namespace Providers.AllenAI.Protocol;

/// <summary>What a tree or thread snapshot says about the assistant reply.</summary>
/// <param name="ReplyId">The reply's message id: the next turn's <c>parent</c>; null when the snapshot holds no reply.</param>
/// <param name="Final">Whether the server finalised the reply (the last snapshot).</param>
/// <param name="FinishReason">The reply's <c>finish_reason</c> as sent (null is normal).</param>
/// <param name="Content">The reply's full text as stored.</param>
internal sealed record ReplySnapshot(string? ReplyId, bool Final, string? FinishReason, string? Content);
