using Providers.Abstractions;
using AIChatMessage = Microsoft.Extensions.AI.ChatMessage;
using AIChatRole = Microsoft.Extensions.AI.ChatRole;
using ChatMessage = Providers.Abstractions.ChatMessage;
using ChatRole = Providers.Abstractions.ChatRole;

namespace Providers.Extensions.AI;

/// <summary>Maps Microsoft.Extensions.AI messages to the provider contract's text-only messages.</summary>
internal static class MessageMapper
{
    public static List<ChatMessage> ToProviderMessages(IEnumerable<AIChatMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return [.. messages.Select(m => new ChatMessage(ToProviderRole(m.Role), m.Text))];
    }

    private static ChatRole ToProviderRole(AIChatRole role)
    {
        if (role == AIChatRole.System)
        {
            return ChatRole.System;
        }

        if (role == AIChatRole.User)
        {
            return ChatRole.User;
        }

        if (role == AIChatRole.Assistant)
        {
            return ChatRole.Assistant;
        }

        // Providers take text turns only; tool results have nowhere to go.
        throw new InvalidChatRequestException("messages", $"The role '{role}' is not supported; use system, user or assistant.");
    }
}
