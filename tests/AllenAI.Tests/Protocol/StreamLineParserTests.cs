using System.Buffers;
using System.Text;
using System.Text.Json;
using Providers.AllenAI.Protocol;
using Providers.AllenAI.Tests.Fakes;

namespace Providers.AllenAI.Tests.Protocol;

public sealed class StreamLineParserTests
{
    [Theory]
    [InlineData("{\"message\": \"msg_A1\", \"type\": \"start\"}", "Start")]
    [InlineData("{\"message\": \"msg_A1\", \"type\": \"end\"}", "End")]
    [InlineData("{\"message\": \"msg_A1\", \"content\": \"x\", \"logprobs\": []}", "Text")]
    [InlineData("{\"message\": \"msg_A1\", \"content\": \"x\", \"type\": \"modelResponse\"}", "Text")]
    [InlineData("{\"content\": \"x\", \"message\": \"msg_A1\", \"type\": \"modelResponse\"}", "Text")]
    [InlineData("{\"message\": \"msg_A1\", \"content\": \"x\", \"id\": null, \"type\": \"thinking\"}", "Thinking")]
    [InlineData("{\"message\": \"msg_A1\", \"toolCallId\": \"\", \"toolName\": \"\", \"args\": \"{\", \"toolSource\": null, \"type\": \"toolCall\"}", "ToolCall")]
    [InlineData("{\"message\": \"msg_A1\", \"errorCode\": \"toolCallError\", \"errorDescription\": \"d\", \"errorSeverity\": \"error\", \"type\": \"error\"}", "TypedError")]
    [InlineData("{\"message\": \"msg_A1\", \"error\": \"e\", \"reason\": \"r\"}", "ErrorLine")]
    [InlineData("{\"message\": \"msg_A1\", \"type\": \"somethingNew\"}", "Unknown")]
    [InlineData("{\"unrelated\": true}", "Unknown")]
    public void Parse_LineShape_ClassifiedByItsKeys(string json, string expected)
    {
        Assert.Equal(Enum.Parse<StreamLineKind>(expected), Parse(json).Kind);
    }

    [Fact]
    public void Parse_EscapedSurrogatePairAndLineSeparator_DecodedIntoText()
    {
        var line = Parse("{\"message\": \"msg_A1\", \"content\": \"\\ud83d\\udc4b\\u2028\\n\", \"logprobs\": []}");

        Assert.Equal("👋\u2028\n", line.Text);
        Assert.Equal("msg_A1", line.MessageId);
    }

    [Fact]
    public void Parse_TreeWithSystemPrompt_FindsReplyTwoLevelsDown()
    {
        var last = LastLine("era-a-modal-host.jsonl");

        var snapshot = Parse(last).Snapshot!;

        Assert.Equal(new ReplySnapshot("msg_N4R8L2P7M5", true, null, "The capital of France is Paris. It\u2019s known for the Eiffel Tower."), snapshot);
    }

    [Fact]
    public void Parse_ThreadSnapshot_TakesLastAssistantMessage()
    {
        var last = Encoding.ASCII.GetString(FixtureFile.Read("v4-threads.jsonl")).Split('\n', StringSplitOptions.RemoveEmptyEntries)[^2];

        var snapshot = Parse(last).Snapshot!;

        Assert.Equal(new ReplySnapshot("msg_M9F3R7C5J2", true, null, "Hi! How can I help you today?"), snapshot);
    }

    [Theory]
    [InlineData("{\"message\": \"msg_A1\", \"content\": \"trunc")]
    [InlineData("not json")]
    [InlineData("null")]
    public void Parse_NotAJsonObject_ThrowsJsonException(string json)
    {
        Assert.ThrowsAny<JsonException>(() => Parse(json));
    }

    [Theory]
    [InlineData("{\"message\": \"msg_A1\", \"content\": \"a", "b\"}")]
    [InlineData("{\"id\": \"msg_U1\", \"role\": \"user\", \"children\": [{\"id\": \"msg_R1\", \"role\": \"assistant\", \"content\": \"a", "b\"}]}")]
    public void Parse_InvalidUtf8InAString_ThrowsJsonException(string before, string after)
    {
        byte[] line = [.. Encoding.ASCII.GetBytes(before), 0xC3, 0x28, .. Encoding.ASCII.GetBytes(after)];

        Assert.ThrowsAny<JsonException>(() => StreamLineParser.Parse(new ReadOnlySequence<byte>(line)));
    }

    private static string LastLine(string fixture) =>
        Encoding.ASCII.GetString(FixtureFile.Read(fixture)).Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];

    private static StreamLine Parse(string json) => StreamLineParser.Parse(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(json)));
}
