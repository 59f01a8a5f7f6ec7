using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Providers.AllenAI.Protocol;

/// <summary>
/// Recognises the one line shape that makes up nearly every Era A stream,
/// <c>{"message": "ID", "content": "TEXT", "logprobs": []}</c> exactly as the server's
/// <c>json.dumps</c> writes it, with span searches instead of a tokenizer.
/// </summary>
/// <remarks>
/// Anything else — other spacing or key order, escapes in the id, control bytes, invalid UTF-8,
/// non-empty logprobs — is declined and goes through <see cref="StreamLineParser"/>'s full reader,
/// so both paths yield the same text for every line. Escaped text is decoded here by the JSON
/// rules the full reader applies; any escape it would reject is declined instead.
/// <para>
/// The common case costs two fixed-size compares and one vectorised scan: once the reply id is
/// known, the caller passes <see cref="PrefixFor"/> of it, so the line's whole head (keys and id)
/// is one compare; the tail is fixed; and a text with no quote, backslash, control or non-ASCII
/// byte (most tokens) needs no further check before it is widened to a string.
/// </para>
/// </remarks>
internal static class ChunkLineFastPath
{
    // Bytes that end the plain-ASCII scan of a text: the closing quote, an escape, a control byte
    // (invalid in a JSON string) or the start of a multi-byte UTF-8 sequence (to be validated).
    private static readonly SearchValues<byte> _notPlainAscii = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Select(b => (byte)b), (byte)'"', (byte)'\\', .. Enumerable.Range(0x80, 0x80).Select(b => (byte)b)]);

    private static ReadOnlySpan<byte> Prefix => "{\"message\": \""u8;

    private static ReadOnlySpan<byte> BetweenIdAndContent => "\", \"content\": \""u8;

    private static ReadOnlySpan<byte> Suffix => "\", \"logprobs\": []}"u8;

    /// <summary>
    /// The head of a chunk line of this reply, up to its text: <c>{"message": "ID", "content": "</c>;
    /// empty for an id that the server would escape or this path would decline (not plain ASCII).
    /// </summary>
    public static byte[] PrefixFor(string messageId)
    {
        var id = Encoding.UTF8.GetBytes(messageId);
        return Ascii.IsValid(id) && id.AsSpan().IndexOfAny(_notPlainAscii) < 0 ? [.. Prefix, .. id, .. BetweenIdAndContent] : [];
    }

    public static bool TryParse(ReadOnlySpan<byte> line, string? knownMessageId, out StreamLine chunk) =>
        TryParse(line, knownMessageId, knownPrefix: default, out chunk);

    /// <param name="line">The line's bytes.</param>
    /// <param name="knownMessageId">The reply id already seen on this stream, reused as the chunk's id when the line repeats it.</param>
    /// <param name="knownPrefix"><see cref="PrefixFor"/> of <paramref name="knownMessageId"/>, or empty.</param>
    /// <param name="chunk">The parsed chunk when taken.</param>
    public static bool TryParse(ReadOnlySpan<byte> line, string? knownMessageId, ReadOnlySpan<byte> knownPrefix, out StreamLine chunk)
    {
        chunk = default;
        if (!line.EndsWith(Suffix))
        {
            return false;
        }

        string messageId;
        int contentStart;
        if (!knownPrefix.IsEmpty && line.StartsWith(knownPrefix))
        {
            messageId = knownMessageId!;
            contentStart = knownPrefix.Length;
        }
        else if (!TryReadId(line, knownMessageId, out messageId!, out contentStart))
        {
            return false;
        }

        var contentEnd = line.Length - Suffix.Length;
        if (contentStart > contentEnd)
        {
            return false;
        }

        var content = line[contentStart..contentEnd];
        // Plain ASCII: Latin1 widens each byte to its char, which for bytes under 0x80 is the UTF-8 decoding, without a validation pass.
        var text = content.IndexOfAny(_notPlainAscii) < 0 ? Encoding.Latin1.GetString(content) : DecodeSpecial(content);
        if (text is null)
        {
            return false;
        }

        chunk = new StreamLine(StreamLineKind.Text, messageId, text);
        return true;
    }

    /// <summary>Reads the head <c>{"message": "ID", "content": "</c>; the id must be plain ASCII.</summary>
    private static bool TryReadId(ReadOnlySpan<byte> line, string? knownMessageId, out string? messageId, out int contentStart)
    {
        messageId = null;
        contentStart = 0;
        if (!line.StartsWith(Prefix))
        {
            return false;
        }

        var rest = line[Prefix.Length..];
        var idLength = rest.IndexOfAny((byte)'"', (byte)'\\');
        if (idLength < 0 || rest[idLength] != (byte)'"' || !rest[idLength..].StartsWith(BetweenIdAndContent))
        {
            return false;
        }

        var id = rest[..idLength];
        if (!Ascii.IsValid(id) || id.IndexOfAnyInRange((byte)0, (byte)0x1F) >= 0)
        {
            return false;
        }

        messageId = knownMessageId is not null && Ascii.Equals(id, knownMessageId) ? knownMessageId : Encoding.ASCII.GetString(id);
        contentStart = Prefix.Length + idLength + BetweenIdAndContent.Length;
        return true;
    }

    /// <summary>
    /// A text with an escape, a quote, a control byte or non-ASCII bytes, decoded in one pass
    /// exactly as <see cref="Utf8JsonReader.GetString"/> decodes a string body: \uXXXX, surrogate
    /// pairs, the one-letter escapes, raw UTF-8. Null for anything the full reader would read
    /// differently or reject — an unescaped quote (the string closes before the line's tail), a
    /// backslash escaping the closing quote, a raw control byte, invalid UTF-8, a bad escape, a lone
    /// surrogate — which then goes through the full reader and its own error message.
    /// </summary>
    private static string? DecodeSpecial(ReadOnlySpan<byte> content)
    {
        // Every byte becomes at most one UTF-16 unit (an escape of 6 bytes becomes one or, paired, two in 12).
        char[]? rented = null;
        var output = content.Length <= 256 ? stackalloc char[content.Length] : (rented = ArrayPool<char>.Shared.Rent(content.Length));
        try
        {
            var written = 0;
            while (!content.IsEmpty)
            {
                var current = content[0];
                if (current is >= 0x20 and < 0x80 and not (byte)'"' and not (byte)'\\')
                {
                    output[written++] = (char)current;
                    content = content[1..];
                }
                else if (current == (byte)'\\')
                {
                    if (!TryDecodeEscapedCharacter(ref content, output, ref written))
                    {
                        return null;
                    }
                }
                else if (current >= 0x80)
                {
                    // A run of raw multi-byte UTF-8 ends at an ASCII byte, which never splits a character.
                    var end = content.IndexOfAnyInRange((byte)0, (byte)0x7F);
                    var run = end < 0 ? content : content[..end];
                    if (Utf8.ToUtf16(run, output[written..], out var read, out var decoded, replaceInvalidSequences: false) != OperationStatus.Done)
                    {
                        return null;
                    }

                    written += decoded;
                    content = content[read..];
                }
                else
                {
                    // An unescaped quote or a raw control byte.
                    return null;
                }
            }

            return new string(output[..written]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Decodes the escape at the start of <paramref name="content"/> (with its low half, for a high surrogate) into <paramref name="output"/>.</summary>
    private static bool TryDecodeEscapedCharacter(ref ReadOnlySpan<byte> content, scoped Span<char> output, ref int written)
    {
        if (!TryDecodeEscape(ref content, out var unit))
        {
            return false;
        }

        if (char.IsHighSurrogate(unit))
        {
            // Only a pair makes a character; the reader rejects a lone half.
            if (!TryDecodeEscape(ref content, out var low) || !char.IsLowSurrogate(low))
            {
                return false;
            }

            output[written++] = unit;
            unit = low;
        }
        else if (char.IsLowSurrogate(unit))
        {
            return false;
        }

        output[written++] = unit;
        return true;
    }

    /// <summary>Decodes the escape at the start of <paramref name="escaped"/> and moves past it.</summary>
    private static bool TryDecodeEscape(ref ReadOnlySpan<byte> escaped, out char unit)
    {
        unit = default;
        if (escaped.Length < 2 || escaped[0] != (byte)'\\')
        {
            return false;
        }

        switch (escaped[1])
        {
            case (byte)'"': unit = '"'; break;
            case (byte)'\\': unit = '\\'; break;
            case (byte)'/': unit = '/'; break;
            case (byte)'b': unit = '\b'; break;
            case (byte)'f': unit = '\f'; break;
            case (byte)'n': unit = '\n'; break;
            case (byte)'r': unit = '\r'; break;
            case (byte)'t': unit = '\t'; break;
            case (byte)'u':
                if (escaped.Length < 6)
                {
                    return false;
                }

                var code = 0;
                foreach (var digit in escaped.Slice(2, 4))
                {
                    var value = HexValue(digit);
                    if (value < 0)
                    {
                        return false;
                    }

                    code = (code << 4) | value;
                }

                unit = (char)code;
                escaped = escaped[6..];
                return true;
            default:
                return false;
        }

        escaped = escaped[2..];
        return true;
    }

    private static int HexValue(byte digit) => digit switch
    {
        >= (byte)'0' and <= (byte)'9' => digit - '0',
        >= (byte)'a' and <= (byte)'f' => digit - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => digit - 'A' + 10,
        _ => -1,
    };
}
