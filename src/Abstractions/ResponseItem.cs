namespace Providers.Abstractions;

/// <summary>One item of a streamed reply.</summary>
/// <remarks>
/// The known kinds are <see cref="TextDelta"/>, <see cref="ReasoningDelta"/>,
/// <see cref="ConversationUpdate"/>, <see cref="UsageItem"/> and <see cref="FinishItem"/>; consumers ignore kinds they do not know.
/// </remarks>
public abstract record ResponseItem;
