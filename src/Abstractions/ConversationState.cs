using System.Buffers;
using System.Collections.ObjectModel;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Providers.Abstractions;

/// <summary>
/// What a provider needs to continue a conversation: the provider, the real model id, the history,
/// and provider-specific values (for example Ai2's <c>parent</c> and <c>x_anonymous_user_id</c>).
/// </summary>
/// <remarks>
/// Serialises to one flat JSON object with snake_case keys; provider-specific values sit beside the
/// common keys. Immutable: <see cref="With(string, string?)"/> returns a copy.
/// </remarks>
public sealed record ConversationState
{
    /// <summary>The provider that owns the conversation.</summary>
    public required string Provider { get; init; }

    /// <summary>The real model id the conversation runs on.</summary>
    public required string Model { get; init; }

    private Dictionary<string, JsonElement> _extensionData = new(StringComparer.Ordinal);
    private ReadOnlyDictionary<string, JsonElement>? _properties;

    /// <summary>Provider-specific values, serialised beside the common keys.</summary>
    /// <remarks>A copy is taken on <c>init</c>, so changing the dictionary passed in later changes nothing here.</remarks>
    [JsonIgnore]
    public IReadOnlyDictionary<string, JsonElement> Properties
    {
        // A view, made on first use: the serializer fills ExtensionData in place while reading.
        get => _properties ??= _extensionData.AsReadOnly();
        init => ExtensionData = new Dictionary<string, JsonElement>(value, StringComparer.Ordinal);
    }

    /// <summary>The serializer's way in for <see cref="Properties"/>: extension data must be a settable dictionary, which the public surface must not be.</summary>
    [JsonExtensionData]
    [JsonInclude]
    internal Dictionary<string, JsonElement> ExtensionData
    {
        get => _extensionData;
        set
        {
            _extensionData = value;
            _properties = null;
        }
    }

    /// <summary>The whole history: every user message and every complete assistant reply.</summary>
    public IReadOnlyList<ChatMessage> Messages { get; init; } = [];

    /// <summary>Reads a provider-specific string value.</summary>
    public string? Get(string key) =>
        Properties.TryGetValue(key, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>Returns a copy with <paramref name="key"/> set (or removed when <paramref name="value"/> is null).</summary>
    public ConversationState With(string key, string? value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var properties = new Dictionary<string, JsonElement>(Properties, StringComparer.Ordinal);
        if (value is null)
        {
            properties.Remove(key);
        }
        else
        {
            properties[key] = JsonSerializer.SerializeToElement(value, AbstractionsJsonContext.Default.String);
        }

        return this with { Properties = properties };
    }

    /// <summary>
    /// Serialises to indented UTF-8 JSON: <c>provider</c>, <c>model</c>, the provider-specific
    /// values, then <c>messages</c>, so the short keys a person looks for come before the history.
    /// </summary>
    public byte[] ToJsonBytes()
    {
        // Written by hand because the serializer always puts extension data last.
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("provider", Provider);
            writer.WriteString("model", Model);
            foreach (var (key, value) in Properties)
            {
                writer.WritePropertyName(key);
                value.WriteTo(writer);
            }

            writer.WritePropertyName("messages");
            JsonSerializer.Serialize(writer, Messages, AbstractionsJsonContext.Default.IReadOnlyListChatMessage);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Parses JSON written by <see cref="ToJsonBytes"/>.</summary>
    /// <exception cref="JsonException">The text is not a conversation state.</exception>
    public static ConversationState FromJson(ReadOnlySpan<byte> utf8Json) =>
        JsonSerializer.Deserialize(utf8Json, AbstractionsJsonContext.Default.ConversationState)
        ?? throw new JsonException("A conversation must be a JSON object, not null.");
}
