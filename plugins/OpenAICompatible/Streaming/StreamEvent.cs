using Providers.Abstractions;

namespace Providers.OpenAICompatible.Streaming;

/// <summary>What one <c>data:</c> event of a chat completion stream said.</summary>
internal sealed record StreamEvent
{
    public static readonly StreamEvent Done = new() { IsDone = true };

    public static readonly StreamEvent Empty = new();

    /// <summary><c>data: [DONE]</c>: the stream is complete.</summary>
    public bool IsDone { get; init; }

    /// <summary><c>choices[0].delta.content</c>.</summary>
    public string? Content { get; init; }

    /// <summary><c>choices[0].delta.reasoning_content</c> or <c>choices[0].delta.reasoning</c>.</summary>
    public string? Reasoning { get; init; }

    /// <summary><c>choices[0].finish_reason</c>.</summary>
    public string? FinishReason { get; init; }

    public UsageItem? Usage { get; init; }

    /// <summary>The message of an <c>{"error": …}</c> event.</summary>
    public string? Error { get; init; }
}
