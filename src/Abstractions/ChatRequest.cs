using System.Collections.ObjectModel;

namespace Providers.Abstractions;

/// <summary>One call to <see cref="IAsyncGeneratorProvider.CreateAsyncGenerator"/>.</summary>
/// <remarks>Immutable; providers never mutate <see cref="Messages"/>.</remarks>
public sealed record ChatRequest
{
    /// <summary>A model id or alias of the provider; empty means the provider's default model.</summary>
    public string Model { get; init; } = "";

    /// <summary>The conversation so far, ending with the new user message.</summary>
    public required IReadOnlyList<ChatMessage> Messages { get; init; }

    /// <summary>Sampling temperature, when the caller sets one.</summary>
    public double? Temperature { get; init; }

    /// <summary>Nucleus sampling probability, when the caller sets one.</summary>
    public double? TopP { get; init; }

    /// <summary>Upper bound on generated tokens, when the caller sets one.</summary>
    public int? MaxTokens { get; init; }

    /// <summary>Stop sequences.</summary>
    public IReadOnlyList<string> Stop { get; init; } = [];

    /// <summary>State returned by an earlier call, to continue that conversation; null starts a new one.</summary>
    public ConversationState? Conversation { get; init; }

    /// <summary>Provider-specific options (for example <c>host</c>), by name.</summary>
    public IReadOnlyDictionary<string, string> Options { get; init; } = ReadOnlyDictionary<string, string>.Empty;
}
