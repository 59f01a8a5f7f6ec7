using System.Globalization;
using System.Text.Json;

namespace Providers.Host.Server;

/// <summary>Finds a <c>\uXXXX</c> escape that leaves a UTF-16 surrogate unpaired in a JSON string or property name.</summary>
/// <remarks>
/// JSON's grammar allows <c>"\uD800"</c>, but such text is no Unicode string: System.Text.Json
/// parses the document and then throws (InvalidOperationException or JsonException) when the value
/// is read as a string, deep inside validation or binding, which answered 500. One pass over the
/// escaped tokens finds it up front; unescaped tokens are valid UTF-8, checked by the reader.
/// </remarks>
internal static class EscapedSurrogates
{
    /// <summary>The byte offset of the first string or property name holding an unpaired surrogate escape, or null.</summary>
    /// <remarks>Call on a body that has already parsed as JSON.</remarks>
    public static long? FindUnpaired(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        while (reader.Read())
        {
            if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped && !IsPaired(reader.ValueSpan))
            {
                return reader.TokenStartIndex;
            }
        }

        return null;
    }

    // The raw text between the quotes: every '\' starts an escape, '\u' one of four hex digits.
    private static bool IsPaired(ReadOnlySpan<byte> raw)
    {
        var pendingHigh = false;
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] != (byte)'\\')
            {
                if (pendingHigh)
                {
                    return false;
                }

                continue;
            }

            if (raw[i + 1] != (byte)'u')
            {
                if (pendingHigh)
                {
                    return false;
                }

                i++;
                continue;
            }

            var unit = int.Parse(raw.Slice(i + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
            i += 5;
            var isHigh = unit is >= 0xD800 and <= 0xDBFF;
            var isLow = unit is >= 0xDC00 and <= 0xDFFF;
            if (pendingHigh != isLow || (pendingHigh && isHigh))
            {
                return false;
            }

            pendingHigh = isHigh;
        }

        return !pendingHigh;
    }
}
