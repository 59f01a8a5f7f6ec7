using System.Text;
using System.Text.Json;
using CsCheck;
using Providers.AllenAI.Protocol;

namespace Providers.AllenAI.Tests.Protocol;

/// <summary>The one-pass string decoder against the reference: Utf8JsonReader.GetString on the same bytes.</summary>
public sealed class JsonStringBodyTests
{
    [Fact]
    public void TryDecode_EveryUnicodeEscape_DecodedOrDeclinedExactlyLikeTheReader()
    {
        var mismatches = new List<string>();
        for (var unit = 0; unit <= 0xFFFF; unit++)
        {
            foreach (var body in new[] { $"\\u{unit:x4}", $"a\\u{unit:X4}\\n", $"\\ud83d\\u{unit:x4}" })
            {
                if (JsonStringBody.TryDecode(Encoding.UTF8.GetBytes(body)) != Reference(Encoding.UTF8.GetBytes(body)))
                {
                    mismatches.Add(body);
                }
            }
        }

        Assert.Empty(mismatches);
    }

    [Theory]
    [InlineData("plain ascii only")]
    [InlineData("\\/\\b\\f\\n\\r\\t\\\"\\\\")]
    [InlineData("Fran\u00e7ais \\u65e5\\u672c\\u8a9e \\ud83d\\udc4b\u2028 tail")]
    [InlineData("\u00e9\\u00e9\u65e5\\u65e5\U0001F44B")]
    public void TryDecode_ValidBody_SameTextAsTheReader(string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);

        Assert.Equal(Reference(bytes), JsonStringBody.TryDecode(bytes));
    }

    [Fact]
    public void TryDecode_LongEscapeDenseBody_SameTextAsTheReader()
    {
        // Past the stack buffer (a final tree repeats the whole reply): the pooled buffer's path.
        var body = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("Fran\\u00e7ais \\ud83d\\udc4b\\n plain words \u65e5\\u2028", 2000)));

        var decoded = JsonStringBody.TryDecode(body);

        Assert.Equal(Reference(body), decoded);
        Assert.Equal(2000 * "Français 👋\n plain words 日\u2028".Length, decoded!.Length);
    }

    [Theory]
    [InlineData(new byte[] { (byte)'a', (byte)'"', (byte)'b' })]
    [InlineData(new byte[] { (byte)'a', 0x01 })]
    [InlineData(new byte[] { (byte)'a', (byte)'\\' })]
    [InlineData(new byte[] { 0xC3, 0x28 })]
    [InlineData(new byte[] { 0xE6, 0x97 })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]
    [InlineData(new byte[] { (byte)'\\', (byte)'x' })]
    [InlineData(new byte[] { (byte)'\\', (byte)'u', (byte)'1', (byte)'2' })]
    [InlineData(new byte[] { (byte)'\\', (byte)'u', (byte)'d', (byte)'8', (byte)'3', (byte)'d' })]
    public void TryDecode_BodyTheReaderWouldRejectOrReadOtherwise_Declined(byte[] body)
    {
        Assert.Null(JsonStringBody.TryDecode(body));
    }

    /// <summary>
    /// Pieces that start or end a plain-ASCII run: plain letters, the quote (raw and escaped), the backslash (raw,
    /// so it escapes what follows, and escaped), control bytes, DEL, raw multi-byte UTF-8 (whole and
    /// cut), escapes of every kind, and random bytes.
    /// </summary>
    private static readonly Gen<byte[]> Piece = Gen.OneOf(
        Gen.Const("a"u8.ToArray()), Gen.Const("plain words "u8.ToArray()), Gen.Const(new byte[] { 0x7F }), Gen.Const(new byte[] { 0x20 }),
        Gen.Const("\\\""u8.ToArray()), Gen.Const(new byte[] { (byte)'"' }), Gen.Const(new byte[] { (byte)'\\' }), Gen.Const("\\\\"u8.ToArray()),
        Gen.Byte[0x00, 0x1F].Select(control => new[] { control }),
        Gen.Const("\\u00e7"u8.ToArray()), Gen.Const("\\ud83d\\udc4b"u8.ToArray()), Gen.Const("\\n"u8.ToArray()), Gen.Const("\\u0022"u8.ToArray()),
        Gen.Const("\\u00e9"u8.ToArray()), Gen.Const("\\u65e5"u8.ToArray()), Gen.Const("\\ud83d"u8.ToArray()), Gen.Const("\\uDC4B"u8.ToArray()), Gen.Const("\\x"u8.ToArray()),
        Gen.Const("é"u8.ToArray()), Gen.Const("日本"u8.ToArray()), Gen.Const("👋"u8.ToArray()), Gen.Const(new byte[] { 0xE6, 0x97 }), Gen.Const(new byte[] { 0x80 }),
        Gen.Byte.Array[0, 40]);

    [Fact]
    public void IndexOfNotPlainAscii_EveryByteAtEveryPosition_FindsTheFirstThatEndsAPlainRun()
    {
        // Every byte value at every position of runs of plain ASCII, from empty to longer than a vector.
        for (var length = 0; length <= 50; length++)
        {
            var body = Enumerable.Repeat((byte)'x', length).ToArray();
            Assert.Equal(-1, JsonStringBody.IndexOfNotPlainAscii(body));
            for (var position = 0; position < length; position++)
            {
                for (var value = 0; value <= 0xFF; value++)
                {
                    body[position] = (byte)value;
                    var endsRun = value is < 0x20 or >= 0x80 or '"' or '\\';
                    Assert.Equal(endsRun ? position : -1, JsonStringBody.IndexOfNotPlainAscii(body));
                }

                body[position] = (byte)'x';
            }
        }
    }

    [Fact]
    public void IndexOfNotPlainAscii_AnyBytes_SameAsTheFrameworkSearch()
    {
        var notPlain = System.Buffers.SearchValues.Create([.. Enumerable.Range(0, 0x20).Select(b => (byte)b), (byte)'"', (byte)'\\', .. Enumerable.Range(0x80, 0x80).Select(b => (byte)b)]);

        Piece.List[0, 12].Select(pieces => pieces.SelectMany(piece => piece).ToArray())
            .Sample(body => Assert.Equal(body.AsSpan().IndexOfAny(notPlain), JsonStringBody.IndexOfNotPlainAscii(body)), iter: 5_000);
    }

    [Fact]
    public void TryDecode_RunsEndingAtAnyQuoteBackslashControlOrNonAsciiByte_DecodedOrDeclinedLikeTheReader()
    {
        Piece.List[0, 12].Select(pieces => pieces.SelectMany(piece => piece).ToArray())
            .Sample(body => Assert.Equal(Reference(body), JsonStringBody.TryDecode(body)), iter: 5_000);
    }

    [Theory]
    [InlineData("0123456789abcdef\\n", "0123456789abcdef\n")]
    [InlineData("0123456789abcde\\n", "0123456789abcde\n")]
    [InlineData("0123456789abcdefg\u00e9", "0123456789abcdefgé")]
    [InlineData("0123456789abcdef0123456789abcde\\\\", "0123456789abcdef0123456789abcde\\")]
    [InlineData("\\n0123456789abcdef0123456789abcdef", "\n0123456789abcdef0123456789abcdef")]
    public void TryDecode_EscapeOrNonAsciiAfterALongPlainRun_DecodedLikeTheReader(string body, string expected)
    {
        var bytes = Encoding.UTF8.GetBytes(body);

        Assert.Equal(expected, JsonStringBody.TryDecode(bytes));
        Assert.Equal(Reference(bytes), JsonStringBody.TryDecode(bytes));
    }

    [Theory]
    [InlineData("0123456789abcdef0123456789abcde\"")]
    [InlineData("0123456789abcdef0123456789abcdef\u0001")]
    [InlineData("0123456789abcdef\u001f0123456789abcdef")]
    [InlineData("0123456789abcdef0123456789abcdef\u00ff")]
    public void TryDecode_RawQuoteControlOrStrayByteAfterALongRun_Declined(string rawBody)
    {
        // Latin1 keeps each character as one byte: U+00FF becomes the stray byte 0xFF, invalid UTF-8.
        var bytes = Encoding.Latin1.GetBytes(rawBody);

        Assert.Null(JsonStringBody.TryDecode(bytes));
    }

    /// <summary>
    /// What the reader makes of <c>"body"</c>: its text, or null when it rejects it or when its string
    /// ends before the body does (a raw quote inside), which the decoder must decline.
    /// </summary>
    private static string? Reference(byte[] body)
    {
        try
        {
            var reader = new Utf8JsonReader([(byte)'"', .. body, (byte)'"']);
            reader.Read();
            return reader.BytesConsumed == body.Length + 2 ? reader.GetString() : null;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return null;
        }
    }
}
