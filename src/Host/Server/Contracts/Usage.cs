using Providers.Abstractions;

namespace Providers.Host.Server.Contracts;

/// <summary>OpenAI's <c>usage</c> object: token counts of one reply.</summary>
internal sealed record Usage(int PromptTokens, int CompletionTokens, int TotalTokens)
{
    /// <summary>The provider's counts; a count it did not report is 0, and a missing total is the sum of the other two.</summary>
    public static Usage? From(UsageItem? usage) => usage is null
        ? null
        : new Usage(
            usage.PromptTokens ?? 0,
            usage.CompletionTokens ?? 0,
            usage.TotalTokens ?? (usage.PromptTokens ?? 0) + (usage.CompletionTokens ?? 0));
}
