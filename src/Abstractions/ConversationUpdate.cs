namespace Providers.Abstractions;

/// <summary>The conversation state to pass as <see cref="ChatRequest.Conversation"/> to continue.</summary>
/// <param name="Conversation">The state after this reply, history included.</param>
public sealed record ConversationUpdate(ConversationState Conversation) : ResponseItem;
