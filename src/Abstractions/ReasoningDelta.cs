namespace Providers.Abstractions;

/// <summary>A piece of the model's reasoning ("thinking"); never part of the answer text.</summary>
/// <param name="Text">The reasoning text to append.</param>
public sealed record ReasoningDelta(string Text) : ResponseItem;
