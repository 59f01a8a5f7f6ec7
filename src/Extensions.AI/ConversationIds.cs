using System.Buffers.Text;
using System.Text.Json;
using Providers.Abstractions;

namespace Providers.Extensions.AI;

/// <summary>Carries a provider's <see cref="ConversationState"/> inside <c>ChatOptions.ConversationId</c>.</summary>
/// <remarks>
/// The id is the state's JSON, base64url-encoded: stateless (nothing to store, expire or lose on a
/// restart; any process holding the id can continue) and opaque to callers, who only pass it back.
/// The price is size: the id grows with the history the provider keeps in its state.
/// </remarks>
internal static class ConversationIds
{
    public static string Encode(ConversationState state) => Base64Url.EncodeToString(state.ToJsonBytes());

    /// <exception cref="InvalidChatRequestException">The id was not produced by <see cref="Encode"/>.</exception>
    public static ConversationState Decode(string conversationId)
    {
        try
        {
            return ConversationState.FromJson(Base64Url.DecodeFromChars(conversationId));
        }
        catch (Exception error) when (error is FormatException or JsonException or InvalidOperationException or KeyNotFoundException)
        {
            throw new InvalidChatRequestException("conversation_id",
                "The conversation id was not issued by this client (expected base64url-encoded conversation state).");
        }
    }
}
