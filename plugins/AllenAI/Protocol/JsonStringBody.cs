using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Unicode;

namespace Providers.AllenAI.Protocol;

/// <summary>Decodes the body of a JSON string (the bytes between its quotes) in one pass.</summary>
/// <remarks>
/// Decodes exactly as <see cref="Utf8JsonReader.GetString"/> does — \uXXXX, surrogate pairs, the
/// one-letter escapes, raw UTF-8 — but straight to UTF-16, where the reader unescapes to UTF-8 and
/// then transcodes (two more passes over a final tree that repeats a whole, often escape-dense, reply).
/// </remarks>
internal static class JsonStringBody
{
    /// <summary>
    /// The index of the first byte that ends a run of plain ASCII in a string body — a quote, an
    /// escape, a control byte (invalid in a JSON string) or the start of a multi-byte UTF-8 sequence
    /// (to be validated) — or -1 when there is none.
    /// </summary>
    /// <remarks>
    /// Written out here rather than as a <c>SearchValues&lt;byte&gt;</c>: that set is a generic search
    /// of the framework's which no ReadyToRun image holds, so a short-lived process ran it as tier-0
    /// code on every chunk. A plain loop is precompiled into the plugin, and tokens are a few bytes,
    /// which it scans as fast as a vector search. (A Vector128 loop here would not be precompiled
    /// either: its code depends on the machine's AVX support, so ReadyToRun leaves it to the JIT.)
    /// </remarks>
    public static int IndexOfNotPlainAscii(ReadOnlySpan<byte> body)
    {
        for (var index = 0; index < body.Length; index++)
        {
            if (!IsPlainAscii(body[index]))
            {
                return index;
            }
        }

        return -1;
    }

    /// <summary>0x20-0x7F except the quote and the backslash: a byte that stands for its own character.</summary>
    private static bool IsPlainAscii(byte value) => (uint)(value - 0x20) < 0x60 && value != (byte)'"' && value != (byte)'\\';

    /// <summary>
    /// The decoded string, or null for anything the full reader would read differently or reject —
    /// an unescaped quote (in a chunk line: the string closes before the line's tail), a backslash
    /// escaping the closing quote, a raw control byte, invalid UTF-8, a bad escape, a lone surrogate —
    /// which the caller then leaves to the full reader and its own error message.
    /// </summary>
    public static string? TryDecode(ReadOnlySpan<byte> body)
    {
        // Every byte becomes at most one UTF-16 unit (an escape of 6 bytes becomes one or, paired, two in 12).
        char[]? rented = null;
        var output = body.Length <= 256 ? stackalloc char[body.Length] : (rented = ArrayPool<char>.Shared.Rent(body.Length));
        try
        {
            var written = 0;
            while (!body.IsEmpty)
            {
                var current = body[0];
                if (IsPlainAscii(current))
                {
                    // A run of plain ASCII, each byte its own character: widened as it is scanned.
                    var run = 0;
                    do
                    {
                        output[written++] = (char)body[run++];
                    }
                    while (run < body.Length && IsPlainAscii(body[run]));

                    body = body[run..];
                }
                else if (current == (byte)'\\')
                {
                    if (!TryDecodeEscapedCharacter(ref body, output, ref written))
                    {
                        return null;
                    }
                }
                else if (current >= 0x80)
                {
                    // A run of raw multi-byte UTF-8 ends at an ASCII byte, which never splits a character.
                    var end = IndexOfAscii(body);
                    var run = end < 0 ? body : body[..end];
                    if (Utf8.ToUtf16(run, output[written..], out var read, out var decoded, replaceInvalidSequences: false) != OperationStatus.Done)
                    {
                        return null;
                    }

                    written += decoded;
                    body = body[read..];
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

    /// <summary>The index of the first ASCII byte, or -1; a scalar loop, for the same reason as <see cref="IndexOfNotPlainAscii"/>.</summary>
    private static int IndexOfAscii(ReadOnlySpan<byte> body)
    {
        for (var index = 0; index < body.Length; index++)
        {
            if (body[index] < 0x80)
            {
                return index;
            }
        }

        return -1;
    }

    /// <summary>Decodes the escape at the start of <paramref name="body"/> (with its low half, for a high surrogate) into <paramref name="output"/>.</summary>
    /// <remarks>Inlined: escapes are dense in real text (every newline, every non-ASCII character), and a call per escape showed in profiles.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryDecodeEscapedCharacter(ref ReadOnlySpan<byte> body, scoped Span<char> output, ref int written)
    {
        if (!TryDecodeEscape(ref body, out var unit))
        {
            return false;
        }

        if (char.IsHighSurrogate(unit))
        {
            // Only a pair makes a character; the reader rejects a lone half.
            if (!TryDecodeEscape(ref body, out var low) || !char.IsLowSurrogate(low))
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
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
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

    /// <summary>The value of a hex digit, or -1; inlined into the escape decoder (it ran as a call per digit).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int HexValue(byte digit)
    {
        if ((uint)(digit - '0') <= 9)
        {
            return digit - '0';
        }

        // Setting bit 0x20 lower-cases a letter; anything else stays outside a-f.
        var lower = (uint)((digit | 0x20) - 'a');
        return lower <= 5 ? (int)lower + 10 : -1;
    }
}
