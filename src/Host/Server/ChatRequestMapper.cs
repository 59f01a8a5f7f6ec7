using Providers.Abstractions;
using Providers.Host.Server.Contracts;

namespace Providers.Host.Server;

/// <summary>Validates an OpenAI chat request and turns it into the provider contract's request.</summary>
internal static class ChatRequestMapper
{
    /// <exception cref="InvalidChatRequestException">A required field is missing or a value is unsupported.</exception>
    public static ChatRequest ToChatRequest(ChatCompletionRequest body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (string.IsNullOrWhiteSpace(body.Model))
        {
            throw new InvalidChatRequestException("model", "Missing required parameter: 'model'.");
        }

        if (body.Messages is not { Count: > 0 } messages)
        {
            throw new InvalidChatRequestException("messages", "Missing required parameter: 'messages' (at least one message).");
        }

        if (body.N is > 1)
        {
            throw new InvalidChatRequestException("n", "Only one choice per request is supported ('n' must be 1).");
        }

        return new ChatRequest
        {
            Model = body.Model,
            Messages = [.. messages.Select((m, i) => new ChatMessage(ToRole(m.Role, i), m.Content ?? ""))],
            Temperature = body.Temperature,
            TopP = body.TopP,
            MaxTokens = body.MaxCompletionTokens ?? body.MaxTokens,
            Stop = body.Stop ?? [],
        };
    }

    private static ChatRole ToRole(string? role, int index) => role switch
    {
        "system" or "developer" => ChatRole.System,
        "user" => ChatRole.User,
        "assistant" => ChatRole.Assistant,
        null => throw new InvalidChatRequestException("messages", $"Missing required parameter: 'messages[{index}].role'."),
        _ => throw new InvalidChatRequestException("messages",
            $"Unsupported role '{role}' in messages[{index}]; use system, developer, user or assistant."),
    };
}
