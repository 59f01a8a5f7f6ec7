using Providers.Abstractions;

namespace Providers.Host.Server;

/// <summary>What <c>previous_response_id</c> continues: the provider's own conversation state after that response.</summary>
internal sealed record StoredResponse(string Id, ConversationState Conversation);
