namespace Providers.Abstractions;

/// <summary>A piece of answer text, exactly as received (whitespace-only pieces included).</summary>
/// <param name="Text">The text to append to the reply.</param>
public sealed record TextDelta(string Text) : ResponseItem;
