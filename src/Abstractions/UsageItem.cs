namespace Providers.Abstractions;

/// <summary>Token counts the upstream reported for this reply; at most one, before the <see cref="FinishItem"/>.</summary>
/// <param name="PromptTokens">Tokens in the prompt, when reported.</param>
/// <param name="CompletionTokens">Tokens generated, when reported.</param>
/// <param name="TotalTokens">Both together, when reported.</param>
public sealed record UsageItem(int? PromptTokens, int? CompletionTokens, int? TotalTokens) : ResponseItem;
