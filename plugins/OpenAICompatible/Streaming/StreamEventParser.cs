using System.Text;
using System.Text.Json;
using Providers.Abstractions;

namespace Providers.OpenAICompatible.Streaming;

/// <summary>Reads the fields the provider needs from one <c>data:</c> payload, skipping everything else.</summary>
/// <remarks>A forward-only <see cref="Utf8JsonReader"/> pass: no DOM per event, unknown fields cost a skip.</remarks>
internal static class StreamEventParser
{
    /// <exception cref="JsonException">The payload is not a JSON object.</exception>
    public static StreamEvent Parse(ReadOnlySpan<byte> data)
    {
        var trimmed = data.Trim(" \t\r\n"u8);
        if (trimmed.SequenceEqual("[DONE]"u8))
        {
            return StreamEvent.Done;
        }

        if (trimmed.IsEmpty)
        {
            // An empty data line (a keep-alive some proxies send) says nothing.
            return StreamEvent.Empty;
        }

        var reader = new Utf8JsonReader(data, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        Expect(ref reader, JsonTokenType.StartObject);
        var result = new StreamEvent();
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("choices"u8))
            {
                result = ReadChoices(ref reader, result);
            }
            else if (reader.ValueTextEquals("usage"u8))
            {
                result = result with { Usage = ReadUsage(ref reader) };
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                result = result with { Error = ReadError(ref reader) };
            }
            else
            {
                Skip(ref reader);
            }
        }

        return result;
    }

    private static StreamEvent ReadChoices(ref Utf8JsonReader reader, StreamEvent result)
    {
        if (Next(ref reader) != JsonTokenType.StartArray)
        {
            reader.Skip();
            return result;
        }

        var first = true;
        while (Next(ref reader) != JsonTokenType.EndArray)
        {
            if (first && reader.TokenType == JsonTokenType.StartObject)
            {
                result = ReadChoice(ref reader, result);
            }
            else
            {
                reader.Skip();
            }

            first = false;
        }

        return result;
    }

    private static StreamEvent ReadChoice(ref Utf8JsonReader reader, StreamEvent result)
    {
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("delta"u8))
            {
                result = ReadDelta(ref reader, result);
            }
            else if (reader.ValueTextEquals("finish_reason"u8))
            {
                result = result with { FinishReason = ReadString(ref reader) };
            }
            else
            {
                Skip(ref reader);
            }
        }

        return result;
    }

    private static StreamEvent ReadDelta(ref Utf8JsonReader reader, StreamEvent result)
    {
        if (Next(ref reader) != JsonTokenType.StartObject)
        {
            reader.Skip();
            return result;
        }

        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("content"u8))
            {
                result = result with { Content = ReadString(ref reader) };
            }
            else if (reader.ValueTextEquals("reasoning_content"u8) || reader.ValueTextEquals("reasoning"u8))
            {
                // vLLM and DeepSeek say reasoning_content, Ollama and OpenRouter say reasoning.
                result = ReadString(ref reader) is { } reasoning ? result with { Reasoning = result.Reasoning + reasoning } : result;
            }
            else
            {
                Skip(ref reader);
            }
        }

        return result;
    }

    private static UsageItem? ReadUsage(ref Utf8JsonReader reader)
    {
        if (Next(ref reader) != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        int? prompt = null, completion = null, total = null;
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("prompt_tokens"u8))
            {
                prompt = ReadInt(ref reader);
            }
            else if (reader.ValueTextEquals("completion_tokens"u8))
            {
                completion = ReadInt(ref reader);
            }
            else if (reader.ValueTextEquals("total_tokens"u8))
            {
                total = ReadInt(ref reader);
            }
            else
            {
                Skip(ref reader);
            }
        }

        return new UsageItem(prompt, completion, total);
    }

    /// <summary><c>"error": {"message": …}</c>, <c>"error": "…"</c>, or anything else as raw JSON.</summary>
    private static string ReadError(ref Utf8JsonReader reader)
    {
        switch (Next(ref reader))
        {
            case JsonTokenType.String:
                return reader.GetString() ?? "";
            case JsonTokenType.StartObject:
                string? message = null;
                while (Next(ref reader) == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("message"u8) && Next(ref reader) == JsonTokenType.String)
                    {
                        message = reader.GetString();
                    }
                    else
                    {
                        Skip(ref reader);
                    }
                }

                return message ?? "unspecified error";
            default:
                reader.Skip();
                return "unspecified error";
        }
    }

    private static string? ReadString(ref Utf8JsonReader reader) =>
        Next(ref reader) switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Null => null,
            _ => SkipAndReturnNull(ref reader),
        };

    private static int? ReadInt(ref Utf8JsonReader reader) =>
        Next(ref reader) == JsonTokenType.Number && reader.TryGetInt32(out var value) ? value : SkipAndReturnNullInt(ref reader);

    private static string? SkipAndReturnNull(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return null;
    }

    private static int? SkipAndReturnNullInt(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return null;
    }

    /// <summary>Skips the value of the property the reader is on.</summary>
    private static void Skip(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        reader.Skip();
    }

    private static JsonTokenType Next(ref Utf8JsonReader reader) =>
        reader.Read() ? reader.TokenType : throw new JsonException("The event ends inside a JSON value.");

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (Next(ref reader) != type)
        {
            throw new JsonException($"Expected {type}, not {Encoding.UTF8.GetString(reader.ValueSpan)}.");
        }
    }
}
