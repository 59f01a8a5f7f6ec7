using System.Text;
using Providers.Abstractions;
using Providers.AllenAI.Tests.Fakes;

namespace Providers.AllenAI.Tests;

/// <summary>How each kind of stream line shapes what the caller gets: text, reasoning, the next parent, the end.</summary>
public sealed class AllenAIProviderStreamTests
{
    private const string Reply = WireLines.ReplyId;

    [Fact]
    public async Task WhitespaceOnlyChunk_IsYielded_EmptyChunkIsNot()
    {
        var reply = await ReplayAsync(WireLines.Tree(false), WireLines.Chunk(" "), WireLines.Chunk(""), WireLines.Chunk("x"), WireLines.Tree(true, " x", "stop"));

        Assert.Null(reply.Error);
        Assert.Equal([new TextDelta(" "), new TextDelta("x")], reply.Items.OfType<TextDelta>());
    }

    [Fact]
    public async Task ThinkingLines_BecomeReasoning_EmptyOnesAreDropped()
    {
        var reply = await ReplayAsync(WireLines.Start(), WireLines.Tree(false), WireLines.Typed("thinking", "hmm"), WireLines.Typed("thinking", ""),
            WireLines.Typed("modelResponse", "A"), WireLines.Tree(true, "A"), WireLines.End());

        Assert.Null(reply.Error);
        Assert.Equal([new ReasoningDelta("hmm")], reply.Items.OfType<ReasoningDelta>());
        Assert.Equal("A", reply.Text);
        Assert.Equal(FinishReason.Stop, reply.Finish);
    }

    [Fact]
    public async Task LinesAfterTheEnd_AreIgnored()
    {
        var reply = await ReplayAsync(WireLines.Start(), WireLines.Tree(false), WireLines.Typed("modelResponse", "A"), WireLines.Tree(true, "A"), WireLines.End(),
            WireLines.Typed("modelResponse", "B"), WireLines.Error("late", "model overloaded"));

        Assert.Null(reply.Error);
        Assert.Equal("A", reply.Text);
        Assert.Equal(FinishReason.Stop, reply.Finish);
    }

    [Fact]
    public async Task ToolCallAndUnknownLines_AreIgnored()
    {
        var reply = await ReplayAsync(WireLines.Start(), WireLines.Tree(false),
            $"{{\"message\": \"{Reply}\", \"type\": \"toolCall\", \"content\": \"search(x)\"}}\n",
            $"{{\"message\": \"{Reply}\", \"type\": \"mystery\", \"content\": \"?\"}}\n",
            "{\"unrelated\": true}\n",
            WireLines.Typed("modelResponse", "A"), WireLines.Tree(true, "A"), WireLines.End());

        Assert.Null(reply.Error);
        Assert.Equal([new TextDelta("A")], reply.Items.OfType<TextDelta>());
        Assert.Equal(FinishReason.Stop, reply.Finish);
    }

    [Fact]
    public async Task FinalTreeContinuingTheStreamedText_StreamsTheRest()
    {
        var reply = await ReplayAsync(WireLines.Tree(false), WireLines.Chunk("Hel"), WireLines.Tree(true, "Hello", "stop"));

        Assert.Equal([new TextDelta("Hel"), new TextDelta("lo")], reply.Items.OfType<TextDelta>());
        Assert.Equal("Hello", reply.Conversation!.Messages[^1].Content);
    }

    [Theory]
    [InlineData("Goodbye")]
    [InlineData("Hello")]
    [InlineData("He")]
    public async Task FinalTreeNotContinuingTheStreamedText_AddsNothing(string stored)
    {
        var reply = await ReplayAsync(WireLines.Tree(false), WireLines.Chunk("Hello"), WireLines.Tree(true, stored, "stop"));

        Assert.Null(reply.Error);
        Assert.Equal([new TextDelta("Hello")], reply.Items.OfType<TextDelta>());
    }

    [Fact]
    public async Task NonFinalTreeWithMoreText_AddsNothing()
    {
        var reply = await ReplayAsync(WireLines.Tree(false), WireLines.Chunk("Hel"), WireLines.Tree(false, "Hello"), WireLines.Chunk("lo"), WireLines.Tree(true, "Hello", "stop"));

        Assert.Equal([new TextDelta("Hel"), new TextDelta("lo")], reply.Items.OfType<TextDelta>());
    }

    [Fact]
    public async Task ErrorLineWithoutReason_IsAnErrorThatIsNotTransient()
    {
        var reply = await ReplayAsync(WireLines.Tree(false), WireLines.Chunk("A"), $"{{\"message\": \"{Reply}\", \"error\": \"boom\"}}\n", WireLines.Tree(true, "A", "stop"));

        var error = Assert.IsType<ProviderStreamException>(reply.Error);
        Assert.Equal("error", error.Reason);
        Assert.Equal("Ai2 reported an error (error): boom", error.Message);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public async Task TwoErrorLines_TheFirstIsReported()
    {
        var reply = await ReplayAsync(WireLines.Tree(false), WireLines.Error("first", "model overloaded"), WireLines.Error("second", "value error"));

        var error = Assert.IsType<ProviderStreamException>(reply.Error);
        Assert.Equal("Ai2 reported an error (model overloaded): first", error.Message);
    }

    [Theory]
    [InlineData("model overloaded", true)]
    [InlineData("grpc inference failed", true)]
    [InlineData("bad connection", true)]
    [InlineData("aborted", true)]
    [InlineData("Model http error", true)]
    [InlineData("value error", false)]
    public async Task ErrorLine_TransientOnlyForTheServersPassingFailures(string reason, bool transient)
    {
        var reply = await ReplayAsync(WireLines.Tree(false), WireLines.Error("x", reason), WireLines.Tree(true, "", "stop"));

        var error = Assert.IsType<ProviderStreamException>(reply.Error);
        Assert.Equal(reason, error.Reason);
        Assert.Equal(transient, error.IsTransient);
    }

    [Theory]
    [InlineData("stop")]
    [InlineData(null)]
    public async Task LengthNoticeThenCleanEnd_FinishesWithLength(string? finishReason)
    {
        var reply = await ReplayAsync(WireLines.Tree(false), WireLines.Chunk("A"), WireLines.Error("max tokens", "length"), WireLines.Tree(true, "A", finishReason));

        Assert.Null(reply.Error);
        Assert.Equal(FinishReason.Length, reply.Finish);
    }

    [Fact]
    public async Task TypedErrorWithoutCode_ReportedAsError()
    {
        var reply = await ReplayAsync(WireLines.Start(), WireLines.Tree(false),
            $"{{\"message\": \"{Reply}\", \"type\": \"error\", \"errorDescription\": \"went\\nwrong\", \"errorSeverity\": \"error\"}}\n",
            WireLines.Tree(true, ""), WireLines.End());

        var error = Assert.IsType<ProviderStreamException>(reply.Error);
        Assert.Equal("error", error.Reason);
        Assert.Equal("Ai2 reported an error (error): went wrong", error.Message);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public async Task FinalTreeWithoutAnAssistantNode_ParentComesFromTheFirstChunk()
    {
        const string FirstId = "msg_F1F1F1F1F1";
        const string FinalTreeWithoutReply = "{\"id\": \"msg_U1U1U1U1U1\", \"content\": \"hi\", \"role\": \"user\", \"children\": [], \"final\": true, \"finish_reason\": null}\n";

        var reply = await ReplayAsync($"{{\"message\": \"{FirstId}\", \"content\": \"A\"}}\n", WireLines.Chunk("B"), FinalTreeWithoutReply);

        Assert.Null(reply.Error);
        Assert.Equal("AB", reply.Text);
        Assert.Equal(FirstId, reply.Conversation!.Get("parent"));
    }

    [Fact]
    public async Task ThreadSnapshot_ParentIsTheLastAssistantEntry()
    {
        var thread = "{\"id\": \"msg_T1T1T1T1T1\", \"messages\": ["
            + "{\"id\": \"msg_A1A1A1A1A1\", \"role\": \"assistant\", \"content\": \"old\", \"final\": true},"
            + "{\"id\": \"msg_U2U2U2U2U2\", \"role\": \"user\", \"content\": \"hi\", \"final\": true},"
            + "{\"id\": \"msg_A2A2A2A2A2\", \"role\": \"assistant\", \"content\": \"Hi\", \"final\": true, \"finishReason\": \"stop\"},"
            + "{\"id\": \"msg_X9X9X9X9X9\", \"role\": \"tool_call_result\", \"content\": \"\", \"final\": true}]}\n";

        var reply = await ReplayAsync(WireLines.Start(), WireLines.Typed("modelResponse", "Hi"), thread, WireLines.End());

        Assert.Null(reply.Error);
        Assert.Equal("msg_A2A2A2A2A2", reply.Conversation!.Get("parent"));
    }

    [Fact]
    public async Task TreeWithSystemPrompt_ParentIsTheDeepestAssistantNode()
    {
        const string Tree = "{\"id\": \"msg_S0S0S0S0S0\", \"content\": \"You are helpful.\", \"role\": \"system\", \"final\": true, \"children\": ["
            + "{\"id\": \"msg_U1U1U1U1U1\", \"content\": \"hi\", \"role\": \"user\", \"final\": true, \"children\": ["
            + "{\"id\": \"msg_D2D2D2D2D2\", \"content\": \"Hi\", \"role\": \"assistant\", \"final\": true, \"finish_reason\": \"stop\", \"children\": null}]}]}\n";

        var reply = await ReplayAsync(WireLines.Chunk("Hi"), Tree);

        Assert.Null(reply.Error);
        Assert.Equal("msg_D2D2D2D2D2", reply.Conversation!.Get("parent"));
        Assert.Equal(FinishReason.Stop, reply.Finish);
    }

    [Fact]
    public async Task UnknownFieldsWithNestedValues_AreSkipped()
    {
        var reply = await ReplayAsync(WireLines.Tree(false),
            $"{{\"logprobs\": [[{{\"token\": \"A\", \"p\": [0.5, {{\"x\": null}}]}}]], \"message\": \"{Reply}\", \"extra\": {{\"k\": [1, 2]}}, \"content\": \"A\"}}\n",
            WireLines.Tree(true, "A", "stop"));

        Assert.Null(reply.Error);
        Assert.Equal("A", reply.Text);
    }

    [Fact]
    public async Task ChunkWithNullContent_CarriesNoText()
    {
        var reply = await ReplayAsync(WireLines.Tree(false), $"{{\"message\": \"{Reply}\", \"content\": null}}\n", WireLines.Chunk("A"), WireLines.Tree(true, "A", "stop"));

        Assert.Null(reply.Error);
        Assert.Equal([new TextDelta("A")], reply.Items.OfType<TextDelta>());
    }

    [Theory]
    [InlineData("[1, 2]\n")]
    [InlineData("\"text\"\n")]
    [InlineData("{\"message\": 5, \"content\": \"A\"}\n")]
    [InlineData("{\"message\": \"m\", \"content\": [\"A\"]}\n")]
    public async Task LineThatIsNotAnObjectOfStrings_IsAnInvalidLine(string line)
    {
        var reply = await ReplayAsync(WireLines.Tree(false), WireLines.Chunk("ok"), line, WireLines.Tree(true, "ok", "stop"));

        var error = Assert.IsType<ProviderStreamException>(reply.Error);
        Assert.Equal("invalid line", error.Reason);
        Assert.Equal("ok", reply.Text);
    }

    private static async Task<ReplyRecording> ReplayAsync(params string[] lines)
    {
        await using var server = await KestrelAi2Server.StartAsync(KestrelAi2Server.Respond(200, Encoding.UTF8.GetBytes(string.Concat(lines))));
        using var harness = ProviderHarness.Create(server.MessageStreamEndpoint);
        return await ReplyRecording.CollectAsync(harness.Provider.CreateAsyncGenerator(Requests.Ask("hi")));
    }
}
