using System.ClientModel;
using System.Net;
using System.Text.Json;
using OpenAI.Chat;
using Providers.AllenAI.Tests.Fakes;

namespace Providers.Host.Tests.Server;

/// <summary>
/// Failover across real plugin folders: FlakyPlugin serves AllenAI's model id with a higher priority
/// and fails as its <c>mode</c> says; AllenAI talks to a fake Ai2 upstream.
/// </summary>
public sealed class PluginFailoverEndToEndTests
{
    private const string Model = "tulu3-405b";

    [Fact]
    public async Task CompleteChatStreaming_FlakyFailsBeforeOutput_AllenAIServesTheExactText()
    {
        var fixture = FixtureFile.Named("era-a-new-thread.jsonl");
        await using var upstream = await KestrelAi2Server.StartAsync(KestrelAi2Server.Respond(200, fixture.ReadBytes()));
        await using var host = await StartAsync(upstream, "before");

        var updates = new List<StreamingChatCompletionUpdate>();
        await foreach (var update in host.Server.ChatClient(Model).CompleteChatStreamingAsync([new UserChatMessage("hi")]))
        {
            updates.Add(update);
        }

        Assert.Equal(fixture.Text, string.Concat(updates.SelectMany(u => u.ContentUpdate).Select(p => p.Text)));
        Assert.Equal(ChatFinishReason.Stop, updates[^1].FinishReason);
        Assert.Equal("hi", Assert.Single(upstream.Requests).Single("content"));
        // Flaky was really asked first (priority 10 over 0), and the router said why it moved on.
        // Every line of a request names its id.
        Assert.Matches(
            @"^host: warn: \[request req_[0-9a-f]{32}\] Flaky failed for tulu3-405b before any output; trying the next candidate \(UpstreamException: Flaky answered HTTP 503: Service Unavailable\)$",
            Assert.Single(host.LogLines));
    }

    [Fact]
    public async Task PostStream_FlakyFailsAfterOutput_ErrorEventAfterTheTextOnceAndAllenAINeverCalled()
    {
        await using var upstream = await KestrelAi2Server.StartAsync(KestrelAi2Server.Respond(200, FixtureFile.Read("era-a-new-thread.jsonl")));
        await using var host = await StartAsync(upstream, "after");

        using var response = await host.Server.PostChatAsync(ChatCompletionsTests.ChatJson(Model, stream: true));
        var events = (await response.Content.ReadAsStringAsync()).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.All(events, e => Assert.StartsWith("data: {", e, StringComparison.Ordinal));
        var payloads = events.Select(e => JsonDocument.Parse(e["data: ".Length..]).RootElement).ToList();
        var chunks = payloads[..^1];
        Assert.Equal(
            ["", "partial from Flaky "],
            chunks.Select(c => c.GetProperty("choices")[0].GetProperty("delta").GetProperty("content").GetString()));
        Assert.All(chunks, c => Assert.Equal(JsonValueKind.Null, c.GetProperty("choices")[0].GetProperty("finish_reason").ValueKind));
        ChatCompletionsTests.AssertError(payloads[^1], "upstream_error", "upstream_failure", "The connection to Flaky broke mid-stream.");
        Assert.Empty(upstream.Requests);
    }

    [Fact]
    public async Task CompleteChatStreaming_FlakyFailsAfterOutput_SdkSeesThePartialTextOnceAndNoFinishReason()
    {
        await using var upstream = await KestrelAi2Server.StartAsync(KestrelAi2Server.Respond(200, FixtureFile.Read("era-a-new-thread.jsonl")));
        await using var host = await StartAsync(upstream, "after");

        var updates = new List<StreamingChatCompletionUpdate>();
        await foreach (var update in host.Server.ChatClient(Model).CompleteChatStreamingAsync([new UserChatMessage("hi")]))
        {
            updates.Add(update);
        }

        Assert.Equal("partial from Flaky ", string.Concat(updates.SelectMany(u => u.ContentUpdate).Select(p => p.Text)));
        Assert.All(updates, u => Assert.Null(u.FinishReason));
        Assert.Empty(upstream.Requests);
    }

    [Fact]
    public async Task CompleteChat_FlakyFailsAfterOutput_502WithoutPartialTextAndAllenAINeverCalled()
    {
        await using var upstream = await KestrelAi2Server.StartAsync(KestrelAi2Server.Respond(200, FixtureFile.Read("era-a-new-thread.jsonl")));
        await using var host = await StartAsync(upstream, "after");

        var error = await Assert.ThrowsAsync<ClientResultException>(() => host.Server.ChatClient(Model).CompleteChatAsync([new UserChatMessage("hi")]));

        Assert.Equal(502, error.Status);
        var body = error.GetRawResponse()!.Content.ToString();
        ChatCompletionsTests.AssertError(JsonDocument.Parse(body).RootElement, "upstream_error", "upstream_failure", "The connection to Flaky broke mid-stream.");
        Assert.DoesNotContain("partial", body, StringComparison.Ordinal);
        Assert.Empty(upstream.Requests);
    }

    private static Task<PluginServer> StartAsync(KestrelAi2Server upstream, string mode) =>
        PluginServer.StartAsync(
            PluginServer.Config(upstream.MessageStreamEndpoint, moreProviders: $$"""
                "Flaky": { "priority": 10, "mode": "{{mode}}" }
                """),
            "FlakyPlugin");
}
