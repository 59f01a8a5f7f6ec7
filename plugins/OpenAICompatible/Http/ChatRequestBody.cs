using System.Buffers;
using System.Text;
using System.Text.Json;
using Providers.Abstractions;

namespace Providers.OpenAICompatible.Http;

/// <summary>The JSON body of <c>POST {baseUrl}/chat/completions</c>.</summary>
internal static class ChatRequestBody
{
    /// <summary>
    /// Writes <c>model</c>, <c>messages</c> with their roles, <c>stream: true</c> with
    /// <c>stream_options.include_usage</c> (as the OpenAI .NET SDK sends it), and the sampling
    /// fields only when the caller set them, so the server's own defaults apply otherwise.
    /// </summary>
    public static byte[] Write(string modelId, ChatRequest request, bool supportsSystemMessage)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("model", modelId);
            writer.WriteStartArray("messages");
            foreach (var message in Messages(request.Messages, supportsSystemMessage))
            {
                writer.WriteStartObject();
                writer.WriteString("role", RoleName(message.Role));
                writer.WriteString("content", message.Content);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteBoolean("stream", true);
            writer.WriteStartObject("stream_options");
            writer.WriteBoolean("include_usage", true);
            writer.WriteEndObject();
            if (request.Temperature is { } temperature)
            {
                writer.WriteNumber("temperature", temperature);
            }

            if (request.TopP is { } topP)
            {
                writer.WriteNumber("top_p", topP);
            }

            if (request.MaxTokens is { } maxTokens)
            {
                writer.WriteNumber("max_tokens", maxTokens);
            }

            if (request.Stop is { Count: > 0 } stop)
            {
                writer.WriteStartArray("stop");
                foreach (var sequence in stop)
                {
                    writer.WriteStringValue(sequence);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// The messages as given; for a server without system messages (<c>supportsSystemMessage: false</c>)
    /// the system texts go in front of the first user message instead.
    /// </summary>
    internal static IEnumerable<ChatMessage> Messages(IReadOnlyList<ChatMessage> messages, bool supportsSystemMessage)
    {
        if (supportsSystemMessage || !messages.Any(m => m.Role == ChatRole.System))
        {
            return messages;
        }

        var system = new StringBuilder();
        foreach (var message in messages.Where(m => m.Role == ChatRole.System))
        {
            system.Append(message.Content).Append("\n\n");
        }

        var rest = messages.Where(m => m.Role != ChatRole.System).ToList();
        var firstUser = rest.FindIndex(m => m.Role == ChatRole.User);
        if (firstUser < 0)
        {
            return [new ChatMessage(ChatRole.User, system.ToString().TrimEnd('\n')), .. rest];
        }

        rest[firstUser] = rest[firstUser] with { Content = system + rest[firstUser].Content };
        return rest;
    }

    private static string RoleName(ChatRole role) => role switch
    {
        ChatRole.System => "system",
        ChatRole.Assistant => "assistant",
        _ => "user",
    };
}
