using System.Buffers;
using System.Text;
using System.Text.Json;
using Providers.Host.Server.Contracts;

namespace Providers.Host.Server;

/// <summary>
/// The bytes of a stream's text chunks around their one varying value: everything of the chunk
/// before a delta field's string and everything after it.
/// </summary>
/// <remarks>
/// Every text chunk of a stream repeats its id, creation time, model and shape; only the text
/// changes. Serializing the whole chunk per token re-escaped and re-wrote all of it, half of the
/// server's serializing per token. The frame is cut from a chunk the serializer wrote itself, so
/// <c>prefix + the text as a JSON string + suffix</c> is byte for byte what it would write.
/// </remarks>
internal sealed class ChunkFrame
{
    private ChunkFrame(byte[] prefix, byte[] suffix)
    {
        Prefix = prefix;
        Suffix = suffix;
    }

    /// <summary>The chunk up to the field's value: <c>{"id":…,"delta":{"content":</c>.</summary>
    public ReadOnlyMemory<byte> Prefix { get; }

    /// <summary>The chunk after the field's value: <c>},"finish_reason":null}],…}</c>.</summary>
    public ReadOnlyMemory<byte> Suffix { get; }

    /// <summary>Cuts the frame of <paramref name="sample"/>, whose delta field <paramref name="field"/> is the empty string.</summary>
    /// <exception cref="ArgumentException">The field's empty value is not in the sample exactly once.</exception>
    public static ChunkFrame Of(ChatCompletionChunk sample, string field)
    {
        var written = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(written, ServerJsonContext.EventWriterOptions))
        {
            JsonSerializer.Serialize(json, sample, ServerJsonContext.Events.ChatCompletionChunk);
        }

        // A property name with its raw quotes is structure: inside a JSON string every quote is escaped.
        var emptyField = Encoding.UTF8.GetBytes($"\"{field}\":\"\"");
        var bytes = written.WrittenSpan;
        var at = bytes.IndexOf(emptyField);
        if (at < 0 || bytes.LastIndexOf(emptyField) != at)
        {
            throw new ArgumentException($"The sample chunk has no single empty '{field}' field.", nameof(sample));
        }

        var valueAt = at + emptyField.Length - 2;
        return new ChunkFrame(bytes[..valueAt].ToArray(), bytes[(valueAt + 2)..].ToArray());
    }
}
