using System.Text.Json;
using System.Text.Json.Serialization;

namespace Providers.Host.Server.Contracts;

/// <summary>Writes a <see cref="ReplyText"/> as one JSON string in short segments; never read.</summary>
internal sealed class ReplyTextConverter : JsonConverter<ReplyText>
{
    // Small enough that one segment (up to 3 UTF-8 bytes a character) fits a 4 KiB pipe block.
    private const int _sliceChars = 1024;

    public override ReplyText Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("A reply is only written.");

    public override void Write(Utf8JsonWriter writer, ReplyText value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        foreach (var piece in value.Pieces)
        {
            // A surrogate pair cut between two slices is joined by the writer.
            for (var start = 0; start < piece.Length; start += _sliceChars)
            {
                writer.WriteStringValueSegment(piece.AsSpan(start, Math.Min(_sliceChars, piece.Length - start)), isFinalSegment: false);
            }
        }

        writer.WriteStringValueSegment(ReadOnlySpan<char>.Empty, isFinalSegment: true);
    }
}
