using System.Buffers;
using System.Buffers.Text;
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
/// </remarks>
internal static class ChunkLineFastPath
{
    private static ReadOnlySpan<byte> Prefix => "{\"message\": \""u8;

    private static ReadOnlySpan<byte> BetweenIdAndContent => "\", \"content\": \""u8;

    private static ReadOnlySpan<byte> Suffix => "\", \"logprobs\": []}"u8;

    public static bool TryParse(ReadOnlySpan<byte> line, string? knownMessageId, out StreamLine chunk)
    {
        chunk = default;
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
        var contentStart = Prefix.Length + idLength + BetweenIdAndContent.Length;
        var contentLength = StringTokenLength(line[contentStart..], out var escaped);
        if (contentLength < 0 || !line[(contentStart + contentLength)..].SequenceEqual(Suffix))
        {
            return false;
        }

        var content = line.Slice(contentStart, contentLength);
        // JSON strings hold no raw control bytes, and the full reader rejects invalid UTF-8.
        if (content.IndexOfAnyInRange((byte)0, (byte)0x1F) >= 0 || !Utf8.IsValid(content) || !Ascii.IsValid(id) || id.IndexOfAnyInRange((byte)0, (byte)0x1F) >= 0)
        {
            return false;
        }

        var text = escaped ? Unescape(content) : Encoding.UTF8.GetString(content);
        if (text is null)
        {
            return false;
        }

        var messageId = knownMessageId is not null && Ascii.Equals(id, knownMessageId) ? knownMessageId : Encoding.ASCII.GetString(id);
        chunk = new StreamLine(StreamLineKind.Text, messageId, text);
        return true;
    }

    /// <summary>Bytes up to the string's closing quote, skipping escaped characters; -1 when it does not close.</summary>
    private static int StringTokenLength(ReadOnlySpan<byte> value, out bool escaped)
    {
        escaped = false;
        var position = 0;
        while (true)
        {
            var next = value[position..].IndexOfAny((byte)'"', (byte)'\\');
            if (next < 0)
            {
                return -1;
            }

            position += next;
            if (value[position] == (byte)'"')
            {
                return position;
            }

            escaped = true;
            position += 2;
            if (position >= value.Length)
            {
                return -1;
            }
        }
    }

    /// <summary>
    /// Decodes the body of a JSON string (between its quotes, already checked to be valid UTF-8
    /// without control bytes) exactly as <see cref="Utf8JsonReader.GetString"/> does: \uXXXX,
    /// surrogate pairs, the one-letter escapes. Null for anything the reader would reject (a bad
    /// escape, a lone surrogate), which the full reader then reports with its own message.
    /// </summary>
    private static string? Unescape(ReadOnlySpan<byte> escaped)
    {
        // Every byte becomes at most one UTF-16 unit (an escape of 6 bytes becomes one or, paired, two in 12).
        char[]? rented = null;
        var output = escaped.Length <= 256 ? stackalloc char[256] : (rented = ArrayPool<char>.Shared.Rent(escaped.Length));
        try
        {
            var written = 0;
            while (!escaped.IsEmpty)
            {
                var backslash = escaped.IndexOf((byte)'\\');
                var plain = backslash < 0 ? escaped : escaped[..backslash];
                written += Encoding.UTF8.GetChars(plain, output[written..]);
                if (backslash < 0)
                {
                    break;
                }

                escaped = escaped[backslash..];
                if (!TryDecodeEscape(ref escaped, out var unit))
                {
                    return null;
                }

                if (char.IsHighSurrogate(unit))
                {
                    // Only a pair makes a character; the reader rejects a lone half.
                    if (!TryDecodeEscape(ref escaped, out var low) || !char.IsLowSurrogate(low))
                    {
                        return null;
                    }

                    output[written++] = unit;
                    unit = low;
                }
                else if (char.IsLowSurrogate(unit))
                {
                    return null;
                }

                output[written++] = unit;
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
                if (escaped.Length < 6 || !Utf8Parser.TryParse(escaped.Slice(2, 4), out ushort code, out var consumed, 'x') || consumed != 4)
                {
                    return false;
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
}
