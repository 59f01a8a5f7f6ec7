using System.Buffers;
using System.Text;
using Providers.AllenAI.Protocol;
using Providers.AllenAI.Tests.Fakes;

namespace Providers.AllenAI.Tests.Protocol;

public sealed class JsonlLineReaderTests
{
    [Fact]
    public async Task ReadLinesAsync_LfAndCrlf_YieldsLinesWithoutTerminators()
    {
        var lines = await ReadAllAsync([Encoding.UTF8.GetBytes("{\"a\": 1}\r\n{\"b\": 2}\n{\"c\": 3}\r\n")]);

        Assert.Equal(["{\"a\": 1}", "{\"b\": 2}", "{\"c\": 3}"], lines);
    }

    [Fact]
    public async Task ReadLinesAsync_RawUnicodeSeparatorsAndLoneCr_DoNotEndALine()
    {
        // A non-ASCII producer could send these raw; only '\n' ends a line.
        var text = "{\"content\": \"a\u2028b\u2029c\u0085d\u000Be\u000Cf\rg\"}\n";

        var lines = await ReadAllAsync([Encoding.UTF8.GetBytes(text)]);

        Assert.Equal([text[..^1]], lines);
    }

    [Fact]
    public async Task ReadLinesAsync_Utf8SequenceSplitAcrossReads_Reassembled()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"content\": \"日本語 👋\u2028\"}\n");
        // Cut after every byte: each multi-byte character arrives in pieces.
        var lines = await ReadAllAsync(bytes.Select(b => new[] { b }));

        Assert.Equal(["{\"content\": \"日本語 👋\u2028\"}"], lines);
    }

    [Fact]
    public async Task ReadLinesAsync_EveryTwoWaySplitOfAFixture_YieldsTheSameLines()
    {
        var bytes = FixtureFile.Read("era-a-new-thread.jsonl");
        var expected = Encoding.ASCII.GetString(bytes).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        for (var cut = 1; cut < bytes.Length; cut++)
        {
            var lines = await ReadAllAsync(new PiecewiseStream([bytes[..cut], bytes[cut..]]), 1 << 20, bufferBytes: 4096);
            Assert.Equal(expected, lines);
        }
    }

    [Fact]
    public async Task ReadLinesAsync_BlankAndWhitespaceOnlyLines_Skipped()
    {
        var lines = await ReadAllAsync([Encoding.UTF8.GetBytes("\n \t\r\n{\"content\": \" \"}\n\r\n")]);

        Assert.Equal(["{\"content\": \" \"}"], lines);
    }

    [Fact]
    public async Task ReadLinesAsync_UnterminatedLastFragment_StillYielded()
    {
        var lines = await ReadAllAsync([Encoding.UTF8.GetBytes("{\"a\": 1}\n{\"b\": 2}")]);

        Assert.Equal(["{\"a\": 1}", "{\"b\": 2}"], lines);
    }

    [Fact]
    public async Task ReadLinesAsync_LineOfExactlyTheLimit_Accepted()
    {
        var line = new string('x', 1024);

        var lines = await ReadAllAsync([Encoding.ASCII.GetBytes(line + "\n")], maxLineBytes: 1024);

        Assert.Equal([line], lines);
    }

    [Fact]
    public async Task ReadLinesAsync_CompleteLineOverTheLimit_Throws()
    {
        var error = await Assert.ThrowsAsync<StreamLineTooLongException>(() =>
            ReadAllAsync([Encoding.ASCII.GetBytes(new string('x', 1025) + "\n")], maxLineBytes: 1024));

        Assert.Equal(1024, error.MaxLineBytes);
    }

    [Fact]
    public async Task ReadLinesAsync_UnfinishedLineGrowingPastTheLimit_ThrowsBeforeTheEnd()
    {
        // 2000 bytes without a '\n' and no end of stream: the reader must give up, not buffer on.
        var pieces = Enumerable.Repeat(Encoding.ASCII.GetBytes(new string('x', 100)), 20).Append(Encoding.ASCII.GetBytes("\n"));
        var consumed = 0;
        var stream = new PiecewiseStream(pieces.Select(p =>
        {
            consumed += p.Length;
            return p;
        }));

        await Assert.ThrowsAsync<StreamLineTooLongException>(() => ReadAllAsync(stream, maxLineBytes: 1024));
        Assert.True(consumed < 2001, $"read {consumed} bytes");
    }

    private static Task<List<string>> ReadAllAsync(IEnumerable<byte[]> pieces, int maxLineBytes = 1 << 20) =>
        ReadAllAsync(new PiecewiseStream(pieces), maxLineBytes);

    private static async Task<List<string>> ReadAllAsync(Stream stream, int maxLineBytes, int bufferBytes = 16)
    {
        // A tiny buffer makes the reader see many partial reads and grow for longer lines.
        using var reader = new JsonlLineReader(stream, maxLineBytes, bufferBytes: bufferBytes);
        var lines = new List<string>();
        await foreach (var line in reader.ReadLinesAsync(CancellationToken.None))
        {
            lines.Add(Encoding.UTF8.GetString(line.ToArray()));
        }

        return lines;
    }
}
