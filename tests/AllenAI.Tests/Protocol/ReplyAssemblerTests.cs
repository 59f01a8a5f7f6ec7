using Microsoft.Extensions.Logging.Abstractions;
using Providers.Abstractions;
using Providers.AllenAI.Protocol;

namespace Providers.AllenAI.Tests.Protocol;

public sealed class ReplyAssemblerTests
{
    private const string ReplyId = "msg_R2R2R2R2R2";

    [Fact]
    public void Accept_FinalTreeLongerThanTheStreamedText_StreamsTheRest()
    {
        var (assembler, items) = Feed(Text("Hel"), Snapshot(final: true, "Hello"));

        Assert.Equal([new TextDelta("Hel"), new TextDelta("lo")], items);
        Assert.Equal("Hello", assembler.Text);
    }

    [Fact]
    public void Accept_FinalTreeDiffersFromTheStreamedText_KeepsWhatWasStreamed()
    {
        var (assembler, items) = Feed(Text("Hello"), Snapshot(final: true, "Goodbye, world"));

        Assert.Equal([new TextDelta("Hello")], items);
        Assert.Equal("Hello", assembler.Text);
    }

    [Fact]
    public void Text_FinalTreeEqualToTheStreamedText_IsTheStoredStringItself()
    {
        var stored = new string("Hello".AsSpan());

        var (assembler, items) = Feed(Text("Hel"), Text("lo"), Snapshot(final: true, stored));

        Assert.Equal([new TextDelta("Hel"), new TextDelta("lo")], items);
        Assert.Same(stored, assembler.Text);
    }

    [Fact]
    public void Text_FinalTreeCompletingTheStreamedText_IsTheStoredStringItself()
    {
        var stored = new string("Hello".AsSpan());

        var (assembler, _) = Feed(Text("Hel"), Snapshot(final: true, stored));

        Assert.Same(stored, assembler.Text);
    }

    [Fact]
    public void Text_ChunkAfterTheFinalTree_StillPartOfTheText()
    {
        var (assembler, _) = Feed(Text("Hel"), Snapshot(final: true, "Hel"), Text("p"));

        Assert.Equal("Help", assembler.Text);
    }

    [Fact]
    public void Accept_EmptyChunk_YieldsNothingButNamesTheReply()
    {
        var (assembler, items) = Feed(Text(""));

        Assert.Empty(items);
        Assert.Equal(ReplyId, assembler.ReplyId);
    }

    [Fact]
    public void Accept_LinesAfterEnd_Ignored()
    {
        var (assembler, items) = Feed(new StreamLine(StreamLineKind.Start, "msg_U1"), Snapshot(final: true, ""), new StreamLine(StreamLineKind.End, "msg_U1"), Text("late"));

        Assert.Empty(items);
        Assert.Equal((FinishReason.Stop, null), assembler.Complete());
    }

    [Fact]
    public void Complete_FirstErrorLineWins_LaterOnesIgnored()
    {
        var (assembler, _) = Feed(
            new StreamLine(StreamLineKind.ErrorLine, ReplyId, "first", "aborted"),
            new StreamLine(StreamLineKind.ErrorLine, ReplyId, "second", "unknown"),
            Snapshot(final: true, "", "aborted"));

        var (reason, failure) = assembler.Complete();

        Assert.Null(reason);
        Assert.Equal("Ai2 reported an error (aborted): first", failure!.Message);
        Assert.True(assembler.ReplyFinalised);
    }

    private static StreamLine Text(string text) => new(StreamLineKind.Text, ReplyId, text);

    private static StreamLine Snapshot(bool final, string content, string? finishReason = null) =>
        new(StreamLineKind.Snapshot, Snapshot: new ReplySnapshot(ReplyId, final, finishReason, content));

    private static (ReplyAssembler Assembler, List<ResponseItem> Items) Feed(params StreamLine[] lines)
    {
        var assembler = new ReplyAssembler(NullLogger.Instance);
        var items = new List<ResponseItem>();
        foreach (var line in lines)
        {
            if (assembler.Accept(line) is { } item)
            {
                items.Add(item);
            }
        }

        return (assembler, items);
    }
}
