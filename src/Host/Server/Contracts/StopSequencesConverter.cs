using System.Text.Json;
using System.Text.Json.Serialization;

namespace Providers.Host.Server.Contracts;

/// <summary>Reads OpenAI's <c>stop</c>: null, one string, or an array of strings.</summary>
internal sealed class StopSequencesConverter : JsonConverter<List<string>?>
{
    public override bool HandleNull => true;

    public override List<string>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String:
                return [reader.GetString()!];
            case JsonTokenType.StartArray:
                var stops = new List<string>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    stops.Add(reader.TokenType == JsonTokenType.String
                        ? reader.GetString()!
                        : throw new JsonException("'stop' must hold strings only."));
                }

                return stops;
            default:
                throw new JsonException("'stop' must be a string or an array of strings.");
        }
    }

    public override void Write(Utf8JsonWriter writer, List<string>? value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is null)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStartArray();
        foreach (var stop in value)
        {
            writer.WriteStringValue(stop);
        }

        writer.WriteEndArray();
    }
}
