using Providers.Abstractions;
using Providers.AllenAI.Tests.Fakes;

namespace Providers.AllenAI.Tests;

/// <summary>Every recorded Ai2 stream, replayed byte-exact through a raw socket server, whole and split.</summary>
public sealed class AllenAIProviderFixtureTests
{
    private static readonly string[] SplitModes = ["whole", "one-byte", "seed-1", "seed-2", "seed-3"];

    public static TheoryData<string, string> Replays()
    {
        var data = new TheoryData<string, string>();
        foreach (var fixture in FixtureFile.All)
        {
            foreach (var mode in SplitModes)
            {
                data.Add(fixture.Name, mode);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Replays))]
    public async Task CreateAsyncGenerator_FixtureReplayed_YieldsExactTextReasoningFinishAndParent(string fixtureName, string split)
    {
        var fixture = FixtureFile.Named(fixtureName);
        var body = fixture.ReadBytes();
        // One byte per write goes close-delimited, the other modes chunked: both framings are covered.
        var chunked = split != "one-byte";
        await using var server = new RawHttpServer(async exchange =>
        {
            await exchange.SendHeadAsync(chunked: chunked);
            await exchange.SendPiecesAsync(body, PieceLengths(split, body.Length));
            await exchange.EndAsync();
        });
        using var harness = ProviderHarness.Create(server.Endpoint);

        var reply = await ReplyRecording.CollectAsync(harness.Provider.CreateAsyncGenerator(Requests.Ask("hi")));

        Assert.Equal(fixture.Text, reply.Text);
        Assert.Equal(fixture.Reasoning, reply.Reasoning);
        Assert.Equal(fixture.Finish, reply.Finish);
        var conversation = Assert.IsType<ConversationState>(reply.Conversation);
        Assert.Equal(fixture.NextParent, conversation.Get("parent"));
        Assert.Equal(server.Requests.Single().Headers["X-Anonymous-User-ID"], conversation.Get("x_anonymous_user_id"));
        Assert.Equal([new ChatMessage(ChatRole.User, "hi"), new ChatMessage(ChatRole.Assistant, fixture.Text)], conversation.Messages);
        if (fixture.FailureReason is { } reason)
        {
            Assert.Equal(reason, Assert.IsType<ProviderStreamException>(reply.Error).Reason);
            Assert.IsType<ConversationUpdate>(reply.Items[^1]);
        }
        else
        {
            Assert.Null(reply.Error);
            Assert.IsType<ConversationUpdate>(reply.Items[^2]);
            Assert.IsType<FinishItem>(reply.Items[^1]);
        }

        Assert.Empty(server.ScriptErrors);
    }

    [Fact]
    public async Task CreateAsyncGenerator_EraBThinking_NeverYieldsReasoningAsText()
    {
        var body = FixtureFile.Read("era-b-typed.jsonl");
        await using var server = new RawHttpServer(async exchange =>
        {
            await exchange.SendHeadAsync();
            await exchange.SendAsync(body);
            await exchange.EndAsync();
        });
        using var harness = ProviderHarness.Create(server.Endpoint);

        var reply = await ReplyRecording.CollectAsync(harness.Provider.CreateAsyncGenerator(Requests.Ask("What is 17 times 23?")));

        Assert.Equal(18, reply.Items.OfType<ReasoningDelta>().Count());
        Assert.Equal(12, reply.Items.OfType<TextDelta>().Count());
        Assert.DoesNotContain("The user asks", reply.Text, StringComparison.Ordinal);
        // Reasoning streams before the answer, as the server sent it.
        Assert.IsType<ReasoningDelta>(reply.Items[0]);
    }

    internal static IEnumerable<int> PieceLengths(string mode, int total)
    {
        switch (mode)
        {
            case "whole":
                return [total];
            case "one-byte":
                return Enumerable.Repeat(1, total);
            default:
                var random = new Random(int.Parse(mode["seed-".Length..], System.Globalization.CultureInfo.InvariantCulture));
                var lengths = new List<int>();
                for (var sent = 0; sent < total;)
                {
                    var length = Math.Min(random.Next(1, 97), total - sent);
                    lengths.Add(length);
                    sent += length;
                }

                return lengths;
        }
    }
}
