using System.Buffers;
using System.Text;
using System.Text.Json;
using Providers.AllenAI.Protocol;

namespace Providers.AllenAI.Tests.Protocol;

public sealed class ChunkLineFastPathTests
{
    [Theory]
    [InlineData("{\"message\": \"msg_A1\", \"content\": \"Hello\", \"logprobs\": []}", "Hello")]
    [InlineData("{\"message\": \"msg_A1\", \"content\": \"\", \"logprobs\": []}", "")]
    [InlineData("{\"message\": \"msg_A1\", \"content\": \" \", \"logprobs\": []}", " ")]
    [InlineData("{\"message\": \"msg_A1\", \"content\": \"\\ud83d\\udc4b\\u2028\\n\\\"q\\\"\\\\\", \"logprobs\": []}", "👋\u2028\n\"q\"\\")]
    [InlineData("{\"message\": \"msg_A1\", \"content\": \"Fran\u00e7ais \u65e5\u672c\", \"logprobs\": []}", "Français 日本")]
    [InlineData("{\"message\": \"msg_A1\", \"content\": \"a token longer than sixteen bytes\", \"logprobs\": []}", "a token longer than sixteen bytes")]
    [InlineData("{\"message\": \"msg_A1\", \"content\": \"sixteen bytes ..\\nand \u65e5 after\", \"logprobs\": []}", "sixteen bytes ..\nand 日 after")]
    public void TryParse_ServerChunkShape_TakenAndDecodedLikeTheFullReader(string json, string expected)
    {
        var bytes = Encoding.UTF8.GetBytes(json);

        Assert.True(ChunkLineFastPath.TryParse(bytes, knownMessageId: null, out var fast));
        var full = StreamLineParser.Parse(TwoSegments(bytes));

        Assert.Equal(StreamLineKind.Text, fast.Kind);
        Assert.Equal(expected, fast.Text);
        Assert.Equal("msg_A1", fast.MessageId);
        Assert.Equal(full, fast);
    }

    [Theory]
    [InlineData("{\"message\":\"msg_A1\",\"content\":\"x\",\"logprobs\":[]}")]
    [InlineData("{\"content\": \"x\", \"message\": \"msg_A1\", \"logprobs\": []}")]
    [InlineData("{\"message\": \"msg_A1\", \"content\": \"x\", \"logprobs\": [[{\"token\": \"x\"}]]}")]
    [InlineData("{\"message\": \"msg_A1\", \"content\": \"x\", \"type\": \"modelResponse\"}")]
    [InlineData("{\"message\": \"msg_\\u0041\", \"content\": \"x\", \"logprobs\": []}")]
    [InlineData("{\"message\": \"msg_A1\", \"content\": \"x\", \"logprobs\": []} ")]
    public void TryParse_AnyOtherShape_DeclinedForTheFullReader(string json)
    {
        Assert.False(ChunkLineFastPath.TryParse(Encoding.UTF8.GetBytes(json), knownMessageId: null, out _));
    }

    [Fact]
    public void TryParse_KnownReplyId_ReturnsTheSameStringInstance()
    {
        var known = "msg_A1";

        Assert.True(ChunkLineFastPath.TryParse("{\"message\": \"msg_A1\", \"content\": \"x\", \"logprobs\": []}"u8, known, out var chunk));

        Assert.Same(known, chunk.MessageId);
    }

    [Fact]
    public void TryParse_KnownPrefix_TakesTheHeadInOneCompareAndReusesTheKnownId()
    {
        var known = new string("msg_A1".AsSpan());

        Assert.True(ChunkLineFastPath.TryParse("{\"message\": \"msg_A1\", \"content\": \"Fran\\u00e7ais\", \"logprobs\": []}"u8, known, ChunkLineFastPath.PrefixFor(known), out var chunk));

        Assert.Same(known, chunk.MessageId);
        Assert.Equal("Français", chunk.Text);
    }

    [Fact]
    public void TryParse_KnownPrefixOfAnotherReply_StillReadsTheLinesOwnId()
    {
        Assert.True(ChunkLineFastPath.TryParse("{\"message\": \"msg_B2\", \"content\": \"hi\", \"logprobs\": []}"u8, "msg_A1", ChunkLineFastPath.PrefixFor("msg_A1"), out var chunk));

        Assert.Equal(("msg_B2", "hi"), (chunk.MessageId, chunk.Text));
    }

    [Theory]
    [InlineData("msg\"A1")]
    [InlineData("msg\\A1")]
    [InlineData("msg_\u00e9")]
    [InlineData("msg_\u0001")]
    public void PrefixFor_IdTheServerWouldEscape_EmptySoTheLineIsReadInFull(string id)
    {
        Assert.Empty(ChunkLineFastPath.PrefixFor(id));
    }

    [Theory]
    [InlineData("a\\")]
    [InlineData("a\\\\")]
    [InlineData("a\", \"content\": \"b")]
    [InlineData("a\", \"logprobs\": []} {\"x\": \"")]
    public void TryParse_TextThatClosesEarlyOrEscapesItsClosingQuote_DeclinedOrDecodedLikeTheFullReader(string content)
    {
        // Whatever the full reader makes of such a line (an error, a repeated key, trailing bytes),
        // the fast path never yields a text of its own: it declines, or agrees.
        var line = Encoding.UTF8.GetBytes("{\"message\": \"msg_A1\", \"content\": \"" + content + "\", \"logprobs\": []}");
        var expected = FullReaderText(line);

        foreach (var prefix in new[] { [], ChunkLineFastPath.PrefixFor("msg_A1") })
        {
            if (ChunkLineFastPath.TryParse(line, "msg_A1", prefix, out var fast))
            {
                Assert.Equal(expected, fast.Text);
            }
        }

        Assert.Equal(content is "a\\\\" ? "a\\" : null, ChunkLineFastPath.TryParse(line, "msg_A1", ChunkLineFastPath.PrefixFor("msg_A1"), out var taken) ? taken.Text : null);
    }

    [Theory]
    [InlineData(new byte[] { 0xC3, 0x28 })]
    [InlineData(new byte[] { (byte)'\\', (byte)'u', (byte)'d', (byte)'8', (byte)'3', (byte)'d' })]
    [InlineData(new byte[] { (byte)'\\', (byte)'x' })]
    [InlineData(new byte[] { (byte)'a', 0x01 })]
    public void Parse_CorruptChunkText_StillAJsonException(byte[] content)
    {
        var line = "{\"message\": \"msg_A1\", \"content\": \""u8.ToArray().Concat(content).Concat("\", \"logprobs\": []}"u8.ToArray()).ToArray();

        Assert.False(ChunkLineFastPath.TryParse(line, knownMessageId: null, out _));
        Assert.ThrowsAny<JsonException>(() => StreamLineParser.Parse(new ReadOnlySequence<byte>(line)));
    }

    [Fact]
    public void TryParse_EveryUnicodeEscape_DecodedOrDeclinedExactlyLikeTheFullReader()
    {
        // Each UTF-16 unit as \uXXXX (both hex cases), alone and between text: the fast path's own
        // unescaping must give the full reader's text, and decline whatever the reader rejects
        // (lone surrogates).
        var mismatches = new List<string>();
        for (var unit = 0; unit <= 0xFFFF; unit++)
        {
            foreach (var escape in new[] { $"\\u{unit:x4}", $"a\\u{unit:X4}\\n" })
            {
                CompareWithFullReader(escape, mismatches);
            }
        }

        Assert.Empty(mismatches);
    }

    [Theory]
    [InlineData("\\ud83d\\udc4b")]
    [InlineData("\\uD83D\\uDC4B tail")]
    [InlineData("\\ud83d")]
    [InlineData("\\udc4b\\ud83d")]
    [InlineData("\\ud83d\\u0041")]
    [InlineData("\\ud83d\\n")]
    [InlineData("\\ud83d\\ud83d")]
    [InlineData("\\u12")]
    [InlineData("\\u12G4")]
    [InlineData("\\u+123")]
    [InlineData("\\/\\b\\f\\n\\r\\t\\\"\\\\")]
    [InlineData("\\a")]
    [InlineData("\\U0041")]
    [InlineData("\u00e9\\u00e9\u65e5\\u65e5")]
    public void TryParse_EscapeEdgeCases_DecodedOrDeclinedExactlyLikeTheFullReader(string content)
    {
        var mismatches = new List<string>();

        CompareWithFullReader(content, mismatches);

        Assert.Empty(mismatches);
    }

    private static void CompareWithFullReader(string content, List<string> mismatches)
    {
        var line = Encoding.UTF8.GetBytes("{\"message\": \"msg_A1\", \"content\": \"" + content + "\", \"logprobs\": []}");
        var expected = FullReaderText(line);

        // Both ways in: the id read from the line, and the whole head matched as the known reply's.
        var taken = ChunkLineFastPath.TryParse(line, knownMessageId: null, out var fast);
        var takenWithPrefix = ChunkLineFastPath.TryParse(line, "msg_A1", ChunkLineFastPath.PrefixFor("msg_A1"), out var fastWithPrefix);
        if (taken != (expected is not null) || (taken && fast.Text != expected)
            || takenWithPrefix != (expected is not null) || (takenWithPrefix && fastWithPrefix.Text != expected))
        {
            mismatches.Add(content);
        }
    }

    /// <summary>The text the full reader makes of <paramref name="line"/>, or null when it rejects it.</summary>
    private static string? FullReaderText(byte[] line)
    {
        try
        {
            return StreamLineParser.Parse(TwoSegments(line)).Text;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A line split in two buffers, as a read can deliver it: the parser's full path.</summary>
    private static ReadOnlySequence<byte> TwoSegments(byte[] bytes)
    {
        var first = new Segment(bytes.AsMemory(0, bytes.Length / 2));
        var last = first.Append(bytes.AsMemory(bytes.Length / 2));
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory) => Memory = memory;

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}
