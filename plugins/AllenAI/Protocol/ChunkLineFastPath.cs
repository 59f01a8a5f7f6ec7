using System.Text;

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
/// The common case costs two fixed-size compares and one scan of the text: once the reply id is
/// known, the caller passes <see cref="PrefixFor"/> of it, so the line's whole head (keys and id)
/// is one compare; the tail is fixed; and a text with no quote, backslash, control or non-ASCII
/// byte (most tokens) needs no further check before it is widened to a string.
/// </para>
/// </remarks>
internal static class ChunkLineFastPath
{
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
        return JsonStringBody.IndexOfNotPlainAscii(id) < 0 ? [.. Prefix, .. id, .. BetweenIdAndContent] : [];
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
        var text = JsonStringBody.IndexOfNotPlainAscii(content) < 0 ? Encoding.Latin1.GetString(content) : JsonStringBody.TryDecode(content);
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
        if (JsonStringBody.IndexOfNotPlainAscii(id) >= 0)
        {
            return false;
        }

        messageId = knownMessageId is not null && Ascii.Equals(id, knownMessageId) ? knownMessageId : Encoding.ASCII.GetString(id);
        contentStart = Prefix.Length + idLength + BetweenIdAndContent.Length;
        return true;
    }
}
