using Microsoft.Extensions.Logging;
using Providers.Abstractions;
using Providers.AllenAI.Protocol;
using Providers.AllenAI.Tests.Fakes;

namespace Providers.AllenAI.Tests.Protocol;

/// <summary>Every kind of line the assembler accepts, and every way <see cref="ReplyAssembler.Complete"/> can end a reply.</summary>
public sealed class ReplyAssemblerOutcomeTests
{
    private const string ReplyId = "msg_R2R2R2R2R2";

    private readonly ListLogger _logger = new();

    [Theory]
    [InlineData(null, FinishReason.Stop)]
    [InlineData("stop", FinishReason.Stop)]
    [InlineData("length", FinishReason.Length)]
    public void Complete_FinalTree_FinishesWithItsReason(string? finishReason, FinishReason expected)
    {
        var assembler = Feed(Text("Hi"), Snapshot(final: true, "Hi", finishReason));

        Assert.Equal((expected, null), assembler.Complete());
        Assert.True(assembler.ReplyFinalised);
    }

    [Fact]
    public void Complete_LengthErrorLineThenCleanFinalTree_IsATruncatedReplyNotAFailure()
    {
        var assembler = Feed(Text("Hi"), new StreamLine(StreamLineKind.ErrorLine, ReplyId, "max tokens", "length"), Snapshot(final: true, "Hi"));

        Assert.Equal((FinishReason.Length, null), assembler.Complete());
        Assert.Empty(_logger.Entries);
    }

    [Theory]
    [InlineData("model overloaded", true)]
    [InlineData("grpc inference failed", true)]
    [InlineData("bad connection", true)]
    [InlineData("aborted", true)]
    [InlineData("Model http error", true)]
    [InlineData("content_filter", false)]
    public void Complete_FinalTreeWithAnotherFinishReason_FailsTransientOnlyForServerTrouble(string finishReason, bool transient)
    {
        var assembler = Feed(Text("Hi"), Snapshot(final: true, "Hi", finishReason));

        var (reason, failure) = assembler.Complete();

        Assert.Null(reason);
        Assert.Equal((finishReason, $"Ai2 ended the reply early (finish reason '{finishReason}').", transient), (failure!.Reason, failure.Message, failure.IsTransient));
    }

    [Theory]
    [InlineData("model overloaded", true)]
    [InlineData("grpc inference failed", true)]
    [InlineData("bad connection", true)]
    [InlineData("aborted", true)]
    [InlineData("Model http error", true)]
    [InlineData("value error", false)]
    public void Complete_ErrorLine_FailsWithItsReasonAndCollapsedText(string why, bool transient)
    {
        var assembler = Feed(Text("Hi"), new StreamLine(StreamLineKind.ErrorLine, ReplyId, "line one\n  line two ", why), Snapshot(final: true, "Hi"));

        var (reason, failure) = assembler.Complete();

        Assert.Null(reason);
        Assert.Equal((why, $"Ai2 reported an error ({why}): line one line two", transient), (failure!.Reason, failure.Message, failure.IsTransient));
        Assert.Equal((LogLevel.Warning, 7, $"Ai2 reported an error in the stream: {why}"), Assert.Single(_logger.Entries));
    }

    [Fact]
    public void Complete_ErrorLineWithoutReasonOrText_FailsAsAPlainError()
    {
        var assembler = Feed(new StreamLine(StreamLineKind.ErrorLine, ReplyId), Snapshot(final: true, ""));

        var failure = assembler.Complete().Failure!;

        Assert.Equal(("error", "Ai2 reported an error (error): ", false), (failure.Reason, failure.Message, failure.IsTransient));
        Assert.Equal(ReplyId, assembler.ReplyId);
    }

    [Theory]
    [InlineData("warning")]
    [InlineData("info")]
    public void Accept_TypedErrorThatIsOnlyANotice_LoggedAndTheReplyContinues(string severity)
    {
        var assembler = Feed(Start(), Text("Hi"), new StreamLine(StreamLineKind.TypedError, ReplyId, "slow", "queue", severity), Snapshot(final: true, "Hi"), End());

        Assert.Equal((FinishReason.Stop, null), assembler.Complete());
        Assert.Equal((LogLevel.Warning, 6, $"Ai2 reported queue with severity {severity}; the reply continues"), Assert.Single(_logger.Entries));
    }

    [Theory]
    [InlineData("error", "quota", "quota")]
    [InlineData(null, null, "error")]
    public void Complete_TypedError_FailsWithItsCodeNotTransient(string? severity, string? code, string expectedCode)
    {
        var assembler = Feed(Start(), new StreamLine(StreamLineKind.TypedError, ReplyId, "over\nquota", code, severity), End());

        var (reason, failure) = assembler.Complete();

        Assert.Null(reason);
        Assert.Equal((expectedCode, $"Ai2 reported an error ({expectedCode}): over quota", false), (failure!.Reason, failure.Message, failure.IsTransient));
        Assert.Equal((LogLevel.Warning, 7, $"Ai2 reported an error in the stream: {expectedCode}"), Assert.Single(_logger.Entries));
    }

    [Fact]
    public void Complete_TypedErrorWithoutDescription_NamesOnlyItsCode()
    {
        var assembler = Feed(Start(), new StreamLine(StreamLineKind.TypedError, ReplyId, null, "quota", "error"), End());

        Assert.Equal("Ai2 reported an error (quota): ", assembler.Complete().Failure!.Message);
    }

    [Fact]
    public void Complete_TypedErrorsInARow_TheFirstOneWins()
    {
        var assembler = Feed(Start(), new StreamLine(StreamLineKind.TypedError, ReplyId, "a", "first"), new StreamLine(StreamLineKind.TypedError, ReplyId, "b", "second"), End());

        Assert.Equal("first", assembler.Complete().Failure!.Reason);
    }

    [Fact]
    public void Complete_TypedStreamWithoutItsEndLine_FailsAsIncompleteAndTransient()
    {
        var assembler = Feed(Start(), Text("Hi"), Snapshot(final: true, "Hi"));

        var failure = assembler.Complete().Failure!;

        Assert.Equal(("missing end", "The Ai2 stream ended without its end line; the reply is incomplete.", true), (failure.Reason, failure.Message, failure.IsTransient));
    }

    [Fact]
    public void Complete_StartLineAfterTheFirstLine_DoesNotMakeTheStreamTyped()
    {
        var assembler = Feed(Text("Hi"), Start(), Snapshot(final: true, "Hi"));

        Assert.Equal((FinishReason.Stop, null), assembler.Complete());
    }

    [Fact]
    public void Complete_OnlyANonFinalTree_FailsAsIncompleteAndTransient()
    {
        var assembler = Feed(Text("Hi"), Snapshot(final: false, "Hi"));

        var failure = assembler.Complete().Failure!;

        Assert.Equal(("incomplete stream", "The Ai2 stream ended before the final message tree arrived; the reply is incomplete.", true), (failure.Reason, failure.Message, failure.IsTransient));
        Assert.False(assembler.ReplyFinalised);
    }

    [Fact]
    public void Accept_Thinking_YieldsReasoningButNoAnswerText()
    {
        var items = new List<ResponseItem>();
        var assembler = Feed(items, new StreamLine(StreamLineKind.Thinking, ReplyId, ""), new StreamLine(StreamLineKind.Thinking, "msg_other", "hmm"), Text(" "));

        Assert.Equal([new ReasoningDelta("hmm"), new TextDelta(" ")], items);
        Assert.Equal((ReplyId, " ", 1), (assembler.ReplyId, assembler.Text, assembler.TextLength));
    }

    [Theory]
    [InlineData("ToolCall", "toolCall")]
    [InlineData("Unknown", "newKind")]
    [InlineData("Unknown", null)]
    public void Accept_LineTheClientDoesNotUse_LoggedAndIgnored(string kind, string? type)
    {
        var items = new List<ResponseItem>();
        var assembler = Feed(items, new StreamLine(Enum.Parse<StreamLineKind>(kind), ReplyId, "x", Type: type));

        Assert.Empty(items);
        Assert.Null(assembler.ReplyId);
        Assert.Equal((LogLevel.Debug, 4, $"Ignored a stream line of kind {kind} (type '{type}')"), Assert.Single(_logger.Entries));
    }

    [Fact]
    public void Accept_LineAfterTheEnd_LoggedAndIgnored()
    {
        var assembler = Feed(Start(), Snapshot(final: true, "Hi"), End(), Text("late"));

        Assert.Equal("Hi", assembler.Text);
        Assert.Equal((LogLevel.Debug, 5, "Ignored a Text line after the end line"), Assert.Single(_logger.Entries));
    }

    [Fact]
    public void Accept_SnapshotsNameTheReply_TheLatestNamedOneCounts()
    {
        var assembler = Feed(Text("Hi"), new StreamLine(StreamLineKind.Snapshot, Snapshot: new ReplySnapshot("msg_Tree", false, null, "Hi")),
            new StreamLine(StreamLineKind.Snapshot, Snapshot: new ReplySnapshot(null, true, null, "Hi")));

        Assert.Equal("msg_Tree", assembler.ReplyId);
        Assert.False(assembler.ReplyFinalised);
    }

    [Fact]
    public void Accept_FinalTreeNoLongerThanTheStreamedText_AddsNothing()
    {
        var items = new List<ResponseItem>();
        _ = Feed(items, Text("Hello"), Snapshot(final: true, "Hello"), Snapshot(final: true, "Hell"));

        Assert.Equal([new TextDelta("Hello")], items);
        Assert.Empty(_logger.Entries);
    }

    [Fact]
    public void Accept_NonFinalTreeLongerThanTheStreamedText_WaitsForTheFinalOne()
    {
        var items = new List<ResponseItem>();
        _ = Feed(items, Text("Hel"), Snapshot(final: false, "Hello"));

        Assert.Equal([new TextDelta("Hel")], items);
    }

    [Fact]
    public void Accept_FinalTreeThatContradictsTheStreamedText_LogsItAndKeepsTheStream()
    {
        var assembler = Feed(Text("Hello"), Snapshot(final: true, "Goodbye, world"));

        Assert.Equal("Hello", assembler.Text);
        Assert.Equal((LogLevel.Warning, 8, $"The stored text of reply {ReplyId} differs from the streamed text; keeping the streamed text"), Assert.Single(_logger.Entries));
    }

    [Fact]
    public void Accept_UnnamedFinalTreeThatContradictsTheStreamedText_LogsAnEmptyId()
    {
        var assembler = Feed(new StreamLine(StreamLineKind.Text, null, "Hello"), new StreamLine(StreamLineKind.Snapshot, Snapshot: new ReplySnapshot(null, true, null, "Goodbye, world")));

        Assert.Equal("The stored text of reply  differs from the streamed text; keeping the streamed text", Assert.Single(_logger.Entries).Message);
        Assert.False(assembler.ReplyFinalised);
    }

    private ReplyAssembler Feed(params StreamLine[] lines) => Feed([], lines);

    /// <summary>Feeds <paramref name="lines"/> to a new assembler, collecting what it yields into <paramref name="items"/>.</summary>
    private ReplyAssembler Feed(List<ResponseItem> items, params StreamLine[] lines)
    {
        var assembler = new ReplyAssembler(_logger);
        foreach (var line in lines)
        {
            if (assembler.Accept(line) is { } item)
            {
                items.Add(item);
            }
        }

        return assembler;
    }

    private static StreamLine Start() => new(StreamLineKind.Start, ReplyId);

    private static StreamLine End() => new(StreamLineKind.End, ReplyId);

    private static StreamLine Text(string text) => new(StreamLineKind.Text, ReplyId, text);

    private static StreamLine Snapshot(bool final, string content, string? finishReason = null) =>
        new(StreamLineKind.Snapshot, Snapshot: new ReplySnapshot(ReplyId, final, finishReason, content));
}
