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
/// so both paths yield the same text for every line. Escaped text is decoded by
/// <see cref="Utf8JsonReader"/> on the string token alone, exactly as the full path does.
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

        var text = escaped ? Unescape(line.Slice(contentStart - 1, contentLength + 2)) : Encoding.UTF8.GetString(content);
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
    /// Decodes one quoted JSON string token the way the full reader does (\uXXXX, surrogate pairs,
    /// \n…); null for a bad escape, which the full reader then reports with its own message.
    /// </summary>
    private static string? Unescape(ReadOnlySpan<byte> quoted)
    {
        try
        {
            var reader = new Utf8JsonReader(quoted);
            reader.Read();
            return reader.GetString();
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return null;
        }
    }
}
