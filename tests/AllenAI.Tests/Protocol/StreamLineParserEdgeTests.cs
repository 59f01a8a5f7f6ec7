using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Providers.AllenAI.Protocol;

namespace Providers.AllenAI.Tests.Protocol;

/// <summary>The parser's edges: what the chunk fast path must leave to the full reader, known ids, error messages, trees and threads.</summary>
public sealed class StreamLineParserEdgeTests
{
    [Theory]
    [InlineData("{\"message\": \"msg_A1")]
    [InlineData("{\"message\": \"msg_A1\", \"content\": \"\u0001hi\", \"logprobs\": []}")]
    [InlineData("{\"message\": \"\u0001msg_A1\", \"content\": \"hi\", \"logprobs\": []}")]
    public void Parse_ChunkTheFastPathMustNotAccept_IsAJsonErrorFromTheFullReader(string json)
    {
        Assert.ThrowsAny<JsonException>(() => Parse(json));
    }

    [Fact]
    public void Parse_ChunkOfAnotherReplyThanTheKnownOne_KeepsItsOwnId()
    {
        var line = Parse("{\"message\": \"msg_B2\", \"content\": \"hi\", \"logprobs\": []}", known: "msg_A1");

        Assert.Equal(("msg_B2", "hi"), (line.MessageId, line.Text));
    }

    [Fact]
    public void Parse_TypedLineRepeatingTheKnownId_ReturnsTheKnownStringItself()
    {
        const string Known = "msg_A1";
        var id = new string(Known.AsSpan());

        var line = Parse("{\"message\": \"msg_A1\", \"content\": \"hi\", \"type\": \"modelResponse\"}", known: id);

        Assert.Same(id, line.MessageId);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("msg_A1")]
    public void Parse_TypedLineWithAnotherIdThanTheKnownOne_KeepsItsOwnId(string? known)
    {
        var line = Parse("{\"message\": \"msg_B2\", \"content\": \"hi\", \"type\": \"modelResponse\"}", known);

        Assert.Equal(("msg_B2", "hi"), (line.MessageId, line.Text));
    }

    [Fact]
    public void Parse_NumberWhereTheMessageIdBelongs_RefusedEvenWhenItReadsLikeTheKnownId()
    {
        var error = Assert.Throws<JsonException>(() => Parse("{\"message\": 5, \"type\": \"start\"}", known: "5"));

        Assert.Equal("Expected a string or null, found Number.", error.Message);
    }

    [Theory]
    [InlineData("[1]")]
    [InlineData("\"text\"")]
    public void Parse_LineThatIsNoObject_SaysSo(string json)
    {
        var error = Assert.Throws<JsonException>(() => Parse(json));

        Assert.Equal("A stream line must be a JSON object.", error.Message);
    }

    [Fact]
    public void Parse_InvalidUtf8InAString_IsACorruptLine()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"type\": \"modelResponse\", \"message\": \"msg_A1\", \"content\": \"ab\"}");
        bytes[^3] = 0xFF;

        var error = Assert.Throws<JsonException>(() => StreamLineParser.Parse(new ReadOnlySequence<byte>(bytes)));

        Assert.Equal("A string in the line is not valid UTF-8.", error.Message);
    }

    [Theory]
    [InlineData("modelResponse", "Text")]
    [InlineData("thinking", "Thinking")]
    [InlineData("error", "TypedError")]
    public void Parse_TypedLineWithoutItsText_HasEmptyText(string type, string kind)
    {
        var line = Parse($"{{\"message\": \"msg_A1\", \"type\": \"{type}\"}}");

        Assert.Equal((Enum.Parse<StreamLineKind>(kind), ""), (line.Kind, line.Text));
    }

    [Fact]
    public void Parse_IdWithoutRoleOrMessages_IsUnknown()
    {
        Assert.Equal(StreamLineKind.Unknown, Parse("{\"id\": \"msg_A1\", \"content\": \"x\"}").Kind);
    }

    [Fact]
    public void Parse_TreeDeeperThanTheReadersDefaultDepth_Parsed()
    {
        // Each level nests an object in an array: 40 levels are 80 deep, past the default of 64.
        var json = new StringBuilder("{\"id\": \"msg_0\", \"role\": \"user\", \"final\": true");
        for (var level = 1; level < 40; level++)
        {
            json.Append(CultureInfo.InvariantCulture, $", \"children\": [{{\"id\": \"msg_{level}\", \"role\": \"{(level % 2 == 1 ? "assistant" : "user")}\", \"final\": true, \"content\": \"r{level}\"");
        }

        json.Append(string.Concat(Enumerable.Repeat("}]", 39))).Append('}');

        var snapshot = Parse(json.ToString()).Snapshot!;

        Assert.Equal(("msg_39", "r39"), (snapshot.ReplyId, snapshot.Content));
    }

    [Theory]
    [InlineData("{\"id\": \"m_U\", \"role\": \"user\", \"children\": 5}", "Expected the children array, found Number.")]
    [InlineData("{\"id\": \"m_U\", \"role\": \"user\", \"children\": [\"m_R\"]}", "Expected a tree node object, found String.")]
    [InlineData("{\"id\": \"m_U\", \"role\": \"user\", \"children\": [{\"id\": \"m_R\", \"final\": null}]}", "Expected true or false for final, found Null.")]
    [InlineData("{\"id\": \"m_U\", \"role\": \"user\", \"children\": [{\"id\": 7}]}", "Expected a string or null, found Number.")]
    public void Parse_TreeNodeOfTheWrongShape_IsACorruptLine(string json, string message)
    {
        var error = Assert.Throws<JsonException>(() => Parse(json));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Parse_TreeNodeWithUnknownKeysAndNullChildren_ReadsWhatItNeeds()
    {
        var line = Parse("{\"id\": \"m_U\", \"role\": \"user\", \"children\": [{\"opts\": {\"n\": [1, {\"x\": null}]}, \"id\": \"m_R\", \"role\": \"assistant\", "
            + "\"content\": \"a\\u00e9\", \"children\": null, \"final\": true, \"finish_reason\": \"length\", \"labels\": []}]}");

        Assert.Equal(new ReplySnapshot("m_R", true, "length", "aé"), line.Snapshot);
    }

    [Fact]
    public void Parse_TreeWithTwoRepliesAtTheSameDepth_TheLastOneIsTheReply()
    {
        var line = Parse("{\"id\": \"msg_U\", \"role\": \"user\", \"children\": [" +
            "{\"id\": \"msg_First\", \"role\": \"assistant\", \"content\": \"a\", \"final\": true}, " +
            "{\"id\": \"msg_Last\", \"role\": \"assistant\", \"content\": \"b\", \"final\": true}]}");

        Assert.Equal(("msg_Last", "b"), (line.Snapshot!.ReplyId, line.Snapshot.Content));
    }

    [Fact]
    public void Parse_ThreadWhoseOnlyAssistantMessageIsTheFirst_FindsIt()
    {
        var line = Parse("{\"id\": \"thr\", \"messages\": [{\"id\": \"msg_A\", \"role\": \"assistant\", \"content\": \"x\", \"final\": true, \"finishReason\": \"stop\"}, {\"id\": \"msg_U\", \"role\": \"user\"}]}");

        Assert.Equal(new ReplySnapshot("msg_A", true, "stop", "x"), line.Snapshot);
    }

    [Theory]
    [InlineData("[{\"id\": \"msg_U\", \"role\": \"user\", \"final\": true}]", true)]
    [InlineData("[{\"id\": \"msg_U\", \"role\": \"user\", \"final\": false}]", false)]
    [InlineData("[]", false)]
    public void Parse_ThreadWithoutAReply_IsASnapshotWithoutReplyFinalAsItsLastMessage(string messages, bool final)
    {
        var line = Parse($"{{\"id\": \"thr\", \"messages\": {messages}}}");

        Assert.Equal(new ReplySnapshot(null, final, null, null), line.Snapshot);
    }

    private static StreamLine Parse(string json, string? known = null) =>
        StreamLineParser.Parse(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(json)), known);
}
