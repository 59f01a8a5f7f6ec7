using System.Text;
using System.Text.Json;
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

    /// <summary>What the reader makes of <c>"body"</c>: its text, or null when it rejects it.</summary>
    private static string? Reference(byte[] body)
    {
        try
        {
            var reader = new Utf8JsonReader([(byte)'"', .. body, (byte)'"']);
            reader.Read();
            return reader.GetString();
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return null;
        }
    }
}
