using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Providers.Host.Server.Contracts;

/// <summary>Reads OpenAI message content: a string, null, or an array of <c>{"type":"text","text":…}</c> parts.</summary>
/// <remarks>
/// Text parts are concatenated as they are, with nothing in between: they are pieces of one
/// message, and inserting separators would change what the user wrote. Other part types never
/// reach here unless a provider declared them (see <see cref="Server.ChatBodyValidator"/>).
/// </remarks>
internal sealed class MessageContentConverter : JsonConverter<string?>
{
    public override bool HandleNull => true;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String:
                return reader.GetString();
            case JsonTokenType.StartArray:
                return ReadParts(ref reader);
            default:
                throw new JsonException("'content' must be a string or an array of text parts.");
        }
    }

    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value);
    }

    private static string ReadParts(ref Utf8JsonReader reader)
    {
        var text = new StringBuilder();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new JsonException("Each content part must be an object.");
            }

            string? type = null;
            string? partText = null;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                var name = reader.GetString();
                reader.Read();
                switch (name)
                {
                    case "type":
                        type = reader.GetString();
                        break;
                    case "text":
                        partText = reader.GetString();
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }

            // Other parts were checked before binding: only a provider that declared them let them through.
            if (type == "text")
            {
                text.Append(partText);
            }
        }

        return text.ToString();
    }
}
