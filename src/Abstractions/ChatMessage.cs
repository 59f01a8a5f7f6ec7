namespace Providers.Abstractions;

/// <summary>One message of a conversation.</summary>
/// <param name="Role">Who wrote it.</param>
/// <param name="Content">The text, exactly as written.</param>
public sealed record ChatMessage(ChatRole Role, string Content);
