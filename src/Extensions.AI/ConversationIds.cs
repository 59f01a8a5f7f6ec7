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
    public static string Encode(ConversationState state) => Base64Url.EncodeToString(Write(state));

    /// <exception cref="InvalidChatRequestException">The id was not produced by <see cref="Encode"/>.</exception>
    public static ConversationState Decode(string conversationId)
    {
        try
        {
            return Read(Base64Url.DecodeFromChars(conversationId));
        }
        catch (Exception error) when (error is FormatException or JsonException or InvalidOperationException or KeyNotFoundException)
        {
            throw new InvalidChatRequestException("conversation_id",
                "The conversation id was not issued by this client (expected base64url-encoded conversation state).");
        }
    }

    // ConversationState.ToJsonBytes/FromJson throw InvalidOperationException at commit 584ba00
    // (System.Text.Json refuses its init-only [JsonExtensionData] property), so the same flat
    // snake_case object is written and read by hand. Switch to them once the contract type is fixed.
    private static byte[] Write(ConversationState state)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("provider", state.Provider);
            writer.WriteString("model", state.Model);
            foreach (var (key, value) in state.Properties)
            {
                writer.WritePropertyName(key);
                value.WriteTo(writer);
            }

            writer.WriteStartArray("messages");
            foreach (var message in state.Messages)
            {
                JsonSerializer.Serialize(writer, message, AbstractionsJsonContext.Default.ChatMessage);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static ConversationState Read(byte[] utf8Json)
    {
        using var document = JsonDocument.Parse(utf8Json);
        var root = document.RootElement;
        var properties = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        var messages = new List<ChatMessage>();
        foreach (var property in root.EnumerateObject())
        {
            switch (property.Name)
            {
                case "provider" or "model":
                    break;
                case "messages":
                    messages.AddRange(property.Value.EnumerateArray().Select(m =>
                        m.Deserialize(AbstractionsJsonContext.Default.ChatMessage) ?? throw new JsonException("A message is null.")));
                    break;
                default:
                    properties[property.Name] = property.Value.Clone();
                    break;
            }
        }

        return new ConversationState
        {
            Provider = root.GetProperty("provider").GetString() ?? throw new JsonException("provider is null."),
            Model = root.GetProperty("model").GetString() ?? throw new JsonException("model is null."),
            Messages = messages,
            Properties = properties,
        };
    }
}
