using System.ClientModel;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using OpenAI.Chat;
using Providers.AllenAI.Tests.Fakes;
using OpenAIChatFinishReason = OpenAI.Chat.ChatFinishReason;

namespace Providers.Host.Tests.Server;

/// <summary>
/// <c>host serve</c> with the real AllenAI plugin loaded from its plugin folder, a fake Ai2 upstream
/// on 127.0.0.1 and the official OpenAI .NET SDK (or Microsoft.Extensions.AI over it) as the client.
/// </summary>
public sealed class AllenAIEndToEndTests
{
    private const string Model = "tulu3-405b";

    public static TheoryData<string, OpenAIChatFinishReason> Replies => new()
    {
        { "era-a-new-thread.jsonl", OpenAIChatFinishReason.Stop },
        { "era-a-length.jsonl", OpenAIChatFinishReason.Length },
        { "era-b-typed.jsonl", OpenAIChatFinishReason.Stop },
        { "era-a-modal-host.jsonl", OpenAIChatFinishReason.Stop },
    };

    [Theory]
    [MemberData(nameof(Replies))]
    public async Task CompleteChatStreaming_RecordedReply_TextEqualsUpstreamTextAndLastChunkCarriesFinishReason(string fixture, OpenAIChatFinishReason finish)
    {
        var expected = FixtureFile.Named(fixture);
        await using var upstream = await KestrelAi2Server.StartAsync(KestrelAi2Server.Respond(200, expected.ReadBytes()));
        await using var host = await PluginServer.StartAsync(PluginServer.Config(upstream.MessageStreamEndpoint));

        var updates = new List<StreamingChatCompletionUpdate>();
        await foreach (var update in host.Server.ChatClient(Model).CompleteChatStreamingAsync([new UserChatMessage("hi")]))
        {
            updates.Add(update);
        }

        Assert.Equal(expected.Text, Text(updates));
        Assert.Equal(finish, updates[^1].FinishReason);
        Assert.All(updates.SkipLast(1), u => Assert.Null(u.FinishReason));
        Assert.All(updates, u => Assert.Equal(Model, u.Model));
        Assert.Single(upstream.Requests);
    }

    [Fact]
    public async Task CompleteChatStreaming_NewThreadReply_EachUpstreamChunkIsOneUpdateInOrder()
    {
        var fixture = FixtureFile.Named("era-a-new-thread.jsonl");
        await using var upstream = await KestrelAi2Server.StartAsync(KestrelAi2Server.Respond(200, fixture.ReadBytes()));
        await using var host = await PluginServer.StartAsync(PluginServer.Config(upstream.MessageStreamEndpoint));

        var pieces = new List<string>();
        await foreach (var update in host.Server.ChatClient(Model).CompleteChatStreamingAsync([new UserChatMessage("hi")]))
        {
            pieces.AddRange(update.ContentUpdate.Select(p => p.Text));
        }

        // Nothing merged, split or normalised on the way: "\n\n", U+2028 and a lone space stay tokens of their own.
        // The first update is the role chunk, whose content is "" as OpenAI's is.
        Assert.Equal(["", .. UpstreamChunks(fixture)], pieces);
        Assert.Contains("\n\n", pieces);
        Assert.Contains("\u2028", pieces);
        Assert.Contains(" ", pieces);
    }

    [Fact]
    public async Task PostStream_TypedEraWithThinking_ContentIsTheAnswerAndThinkingIsReasoningContent()
    {
        var fixture = FixtureFile.Named("era-b-typed.jsonl");
        await using var upstream = await KestrelAi2Server.StartAsync(KestrelAi2Server.Respond(200, fixture.ReadBytes()));
        await using var host = await PluginServer.StartAsync(PluginServer.Config(upstream.MessageStreamEndpoint));

        using var response = await host.Server.PostChatAsync(ChatCompletionsTests.ChatJson(Model, stream: true));
        var events = (await response.Content.ReadAsStringAsync()).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("data: [DONE]", events[^1]);
        var deltas = events[..^1].Select(e => JsonDocument.Parse(e["data: ".Length..]).RootElement.GetProperty("choices")[0].GetProperty("delta")).ToList();
        Assert.Equal(fixture.Text, string.Concat(deltas.Select(d => d.TryGetProperty("content", out var c) ? c.GetString() : "")));
        Assert.Equal(fixture.Reasoning, string.Concat(deltas.Select(d => d.TryGetProperty("reasoning_content", out var r) ? r.GetString() : "")));
    }

    [Theory]
    [MemberData(nameof(Replies))]
    public async Task CompleteChat_RecordedReply_ContentEqualsUpstreamText(string fixture, OpenAIChatFinishReason finish)
    {
        var expected = FixtureFile.Named(fixture);
        await using var upstream = await KestrelAi2Server.StartAsync(KestrelAi2Server.Respond(200, expected.ReadBytes()));
        await using var host = await PluginServer.StartAsync(PluginServer.Config(upstream.MessageStreamEndpoint));

        OpenAI.Chat.ChatCompletion completion = await host.Server.ChatClient(Model).CompleteChatAsync([new UserChatMessage("hi")]);

        Assert.Equal(expected.Text, Assert.Single(completion.Content).Text);
        Assert.Equal(finish, completion.FinishReason);
        Assert.Equal(Model, completion.Model);
    }

    [Fact]
    public async Task CompleteChat_SystemAndHistoryWithAnAlias_UpstreamGetsTheFoldedPromptTheRealIdAndItsHost()
    {
        await using var upstream = await KestrelAi2Server.StartAsync(
            KestrelAi2Server.Respond(200, FixtureFile.Read("era-a-follow-up.jsonl")));
        await using var host = await PluginServer.StartAsync(PluginServer.Config(upstream.MessageStreamEndpoint));

        OpenAI.Chat.ChatCompletion completion = await host.Server.ChatClient("llama-3.1-405b").CompleteChatAsync(
            [new SystemChatMessage("Be terse."), new UserChatMessage("Hi"), new AssistantChatMessage("Hello!"), new UserChatMessage("2+2?")]);

        var sent = Assert.Single(upstream.Requests);
        // AllenAI takes no system message: the router folds it into the first user turn ("{system}\n\n{user}"),
        // then the plugin formats the whole history as one prompt, since a new thread has no parent to build on.
        Assert.Equal("User: Be terse.\n\nHi\nAssistant: Hello!\nUser: 2+2?\nAssistant:", sent.Single("content"));
        Assert.Equal("tulu3-405b", sent.Single("model"));
        Assert.Equal("inferd", sent.Single("host"));
        Assert.Null(sent.Single("parent"));
        Assert.Equal("tulu3-405b", completion.Model);
        Assert.Equal(FixtureFile.Named("era-a-follow-up.jsonl").Text, Assert.Single(completion.Content).Text);
    }

    [Fact]
    public async Task CompleteChat_SdkSamplingOptions_ReachUpstreamAsTheirDecimalValues()
    {
        await using var upstream = await KestrelAi2Server.StartAsync(KestrelAi2Server.Respond(200, FixtureFile.Read("era-a-length.jsonl")));
        await using var host = await PluginServer.StartAsync(PluginServer.Config(upstream.MessageStreamEndpoint));

        // The SDK holds these as float; 0.7f is 0.699999988… as a double, which Ai2 (steps of 0.01) would refuse.
        await host.Server.ChatClient(Model).CompleteChatAsync([new UserChatMessage("Write a long story about a fox.")],
            new ChatCompletionOptions { Temperature = 0.7f, TopP = 0.9f, MaxOutputTokenCount = 24, StopSequences = { "\n\n", "THE END" } });

        var sent = Assert.Single(upstream.Requests);
        Assert.Equal(
            [("model", Model), ("host", "inferd"), ("content", "Write a long story about a fox."), ("private", "true"),
             ("temperature", "0.7"), ("top_p", "0.9"), ("max_tokens", "24"), ("stop", "\n\n"), ("stop", "THE END")],
            sent.Fields.Select(f => (f.Key, f.Value)));
    }

    [Fact]
    public async Task PostStream_UpstreamErrorLineAfterText_TextThenOneErrorEventWithoutDone()
    {
        var fixture = FixtureFile.Named("era-a-midstream-error.jsonl");
        await using var upstream = await KestrelAi2Server.StartAsync(KestrelAi2Server.Respond(200, fixture.ReadBytes()));
        await using var host = await PluginServer.StartAsync(PluginServer.Config(upstream.MessageStreamEndpoint, maxRetries: 2));

        using var response = await host.Server.PostChatAsync(ChatCompletionsTests.ChatJson(Model, stream: true));
        var events = (await response.Content.ReadAsStringAsync()).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("data: [DONE]", events);
        var payloads = events.Select(e => JsonDocument.Parse(e["data: ".Length..]).RootElement).ToList();
        var text = payloads[..^1].Select(p => p.GetProperty("choices")[0].GetProperty("delta").GetProperty("content").GetString());
        Assert.Equal(fixture.Text, string.Concat(text));
        // The upstream's multi-line error, on one line.
        ChatCompletionsTests.AssertError(payloads[^1], "upstream_error", "upstream_failure",
            "Ai2 reported an error (grpc inference failed): inference failed: <_MultiThreadedRendezvous of RPC that terminated with: status = StatusCode.UNAVAILABLE details = \"Socket closed\" debug_error_string = \"UNKNOWN:Error received from peer {grpc_status:14, grpc_message:\"Socket closed\"}\" >");
        // After output nothing is retried: one upstream request, however many retries are allowed.
        Assert.Single(upstream.Requests);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Post_ModelOverloadedBeforeAnyText_RetriedThenAReal502(bool stream)
    {
        // Ai2 stores the empty reply (so the plugin yields its conversation state) and then reports the error:
        // no text reached the client, so this is a failure before output, retried, and a real status even when streaming.
        await using var upstream = await KestrelAi2Server.StartAsync(KestrelAi2Server.Respond(200, FixtureFile.Read("era-a-model-overloaded.jsonl")));
        await using var host = await PluginServer.StartAsync(PluginServer.Config(upstream.MessageStreamEndpoint, maxRetries: 1));

        using var response = await host.Server.PostChatAsync(ChatCompletionsTests.ChatJson(Model, stream));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        ChatCompletionsTests.AssertError(await RunningServer.ReadJsonAsync(response), "upstream_error", "upstream_failure",
            "Ai2 reported an error (model overloaded): model overloaded");
        Assert.Equal(2, upstream.Requests.Count);
    }

    [Fact]
    public async Task CompleteChat_MessageStreamRouteGone_ServedFromThreadsAndStaysThere()
    {
        var fixture = FixtureFile.Named("v4-threads.jsonl");
        var gone = KestrelAi2Server.Respond(404,
            """{"error": {"code": 404, "message": "The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again."}}""",
            "application/json");
        var threads = KestrelAi2Server.Respond(200, fixture.ReadBytes());
        await using var upstream = await KestrelAi2Server.StartAsync((context, request) =>
            request.Path == "/v4/threads/" ? threads(context, request) : gone(context, request));
        await using var host = await PluginServer.StartAsync(PluginServer.Config(upstream.MessageStreamEndpoint));
        var client = host.Server.ChatClient(Model);

        OpenAI.Chat.ChatCompletion first = await client.CompleteChatAsync([new UserChatMessage("hello")]);
        OpenAI.Chat.ChatCompletion second = await client.CompleteChatAsync([new UserChatMessage("hello")]);

        Assert.Equal((fixture.Text, fixture.Text), (Assert.Single(first.Content).Text, Assert.Single(second.Content).Text));
        Assert.Equal(["/v4/message/stream", "/v4/threads/", "/v4/threads/"], upstream.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task CompleteChat_UnknownModel_Returns400InOpenAIShapeListingEveryIdAndAlias()
    {
        await using var upstream = await KestrelAi2Server.StartAsync(KestrelAi2Server.Respond(200, ""));
        await using var host = await PluginServer.StartAsync(PluginServer.Config(upstream.MessageStreamEndpoint));

        using var response = await host.Server.PostChatAsync(ChatCompletionsTests.ChatJson("gpt-5", stream: true));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await RunningServer.ReadJsonAsync(response)).GetProperty("error");
        Assert.Equal(("invalid_request_error", "model_not_found"), (error.GetProperty("type").GetString(), error.GetProperty("code").GetString()));
        const string Prefix = "Unknown model 'gpt-5'. Valid: tulu3-405b, OLMo-2-1124-13B-Instruct, tulu-3-1-8b, Llama-3-1-Tulu-3-70B, olmoe-0125, ";
        var message = error.GetProperty("message").GetString()!;
        Assert.StartsWith(Prefix, message, StringComparison.Ordinal);
        Assert.EndsWith(".", message, StringComparison.Ordinal);
        Assert.Equal(
            ["llama-3.1-405b", "llama-3.1-70b", "llama-3.1-8b", "olmo-2-13b", "tulu-3-405b", "tulu-3-70b"],
            message[Prefix.Length..^1].Split(", ").Order(StringComparer.Ordinal));
        Assert.Empty(upstream.Requests);
    }

    [Fact]
    public async Task CompleteChatStreaming_Upstream500_Returns502AfterTheConfiguredRetries()
    {
        const string Body = """{"error": {"code": 500, "message": "Internal Server Error"}}""";
        await using var upstream = await KestrelAi2Server.StartAsync(KestrelAi2Server.Respond(500, Body, "application/json"));
        await using var host = await PluginServer.StartAsync(PluginServer.Config(upstream.MessageStreamEndpoint, maxRetries: 2));

        using var response = await host.Server.PostChatAsync(ChatCompletionsTests.ChatJson(Model, stream: true));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        ChatCompletionsTests.AssertError(await RunningServer.ReadJsonAsync(response), "upstream_error", "upstream_failure",
            "Ai2 answered HTTP 500: Internal Server Error");
        Assert.Equal(3, upstream.Requests.Count);
    }

    [Fact]
    public async Task Post_UpstreamKeepsFailing_ModelRestsAndTheNextRequestIs503WithRetryAfterWithoutAskingIt()
    {
        await using var upstream = await KestrelAi2Server.StartAsync(
            KestrelAi2Server.Respond(500, """{"error": {"code": 500, "message": "Internal Server Error"}}""", "application/json"));
        await using var host = await PluginServer.StartAsync(PluginServer.Config(upstream.MessageStreamEndpoint, failuresBeforeCooldown: 2));

        using var first = await host.Server.PostChatAsync(ChatCompletionsTests.ChatJson(Model, stream: true));
        using var second = await host.Server.PostChatAsync(ChatCompletionsTests.ChatJson(Model, stream: true));
        using var resting = await host.Server.PostChatAsync(ChatCompletionsTests.ChatJson(Model, stream: true));

        Assert.Equal([HttpStatusCode.BadGateway, HttpStatusCode.BadGateway, HttpStatusCode.ServiceUnavailable],
            [first.StatusCode, second.StatusCode, resting.StatusCode]);
        var error = (await RunningServer.ReadJsonAsync(resting)).GetProperty("error");
        Assert.StartsWith("Every provider serving 'tulu3-405b' is resting after repeated failures (AllenAI/tulu3-405b); retry after ",
            error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("upstream_unavailable", error.GetProperty("code").GetString());
        Assert.Equal(TimeSpan.FromSeconds(60), resting.Headers.RetryAfter?.Delta);
        Assert.Equal(["false"], resting.Headers.GetValues("x-should-retry"));
        Assert.Equal(2, upstream.Requests.Count);
    }

    [Fact]
    public async Task CompleteChat_Upstream403HtmlPage_Returns502WithTheTitleOnOneLine()
    {
        const string Page = "<html>\r\n<head><title>403 Forbidden</title></head>\r\n<body>\r\n<center><h1>403 Forbidden</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
        await using var upstream = await KestrelAi2Server.StartAsync(KestrelAi2Server.Respond(403, Page, "text/html"));
        await using var host = await PluginServer.StartAsync(PluginServer.Config(upstream.MessageStreamEndpoint, maxRetries: 2));

        var error = await Assert.ThrowsAsync<ClientResultException>(() => host.Server.ChatClient(Model).CompleteChatAsync([new UserChatMessage("hi")]));

        Assert.Equal(502, error.Status);
        var body = JsonDocument.Parse(error.GetRawResponse()!.Content.ToString()).RootElement;
        ChatCompletionsTests.AssertError(body, "upstream_error", "upstream_failure", "Ai2 answered HTTP 403: 403 Forbidden (HTML page from the Ai2 edge)");
        // An IP block is not transient: asked once, not retried.
        Assert.Single(upstream.Requests);
    }

    [Fact]
    public async Task CompleteChatStreaming_UpstreamSendsHeadersThenNothing_Returns504AndClosesUpstream()
    {
        var closed = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var upstream = new RawHttpServer(async exchange =>
        {
            await exchange.SendHeadAsync();
            closed.SetResult(await exchange.WaitForClientCloseAsync(TimeSpan.FromSeconds(30)));
        });
        await using var host = await PluginServer.StartAsync(PluginServer.Config(upstream.Endpoint, timeoutSeconds: 1));

        using var response = await host.Server.PostChatAsync(ChatCompletionsTests.ChatJson(Model, stream: true));

        // The 1 s idle limit itself is checked on a fake clock in AllenAI.Tests; here only what the client gets.
        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        ChatCompletionsTests.AssertError(await RunningServer.ReadJsonAsync(response), "upstream_error", "upstream_timeout",
            "Ai2 sent nothing for 1 s (timeoutSeconds); the request was abandoned.");
        Assert.True(await closed.Task.WaitAsync(TimeSpan.FromSeconds(10)), "the upstream connection stayed open");
    }

    [Fact]
    public async Task CompleteChatStreaming_ClientCancelsMidStream_UpstreamConnectionIsClosed()
    {
        var lines = FixtureLines("era-a-new-thread.jsonl");
        var closed = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var upstream = new RawHttpServer(async exchange =>
        {
            // The tree and two chunks ("Hello", "!"), then the upstream keeps the stream open, as a slow model does.
            await exchange.SendHeadAsync();
            await exchange.SendAsync(Encoding.ASCII.GetBytes(string.Concat(lines[..3])));
            closed.SetResult(await exchange.WaitForClientCloseAsync(TimeSpan.FromSeconds(30)));
        });
        await using var host = await PluginServer.StartAsync(PluginServer.Config(upstream.Endpoint, timeoutSeconds: 60));
        using var cancel = new CancellationTokenSource();
        // By default HttpClient drains an abandoned response for up to 2 s before closing; this client
        // closes at once, so what the upstream sees is the server's reaction, not the client's drain.
        using var transport = new HttpClient(new SocketsHttpHandler { MaxResponseDrainSize = 0, ResponseDrainTimeout = TimeSpan.Zero });

        var received = new StringBuilder();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var update in host.Server.ChatClient(Model, transport: transport)
                .CompleteChatStreamingAsync([new UserChatMessage("hi")], cancellationToken: cancel.Token))
            {
                received.Append(string.Concat(update.ContentUpdate.Select(p => p.Text)));
                if (received.ToString() == "Hello!")
                {
                    await cancel.CancelAsync();
                }
            }
        });

        Assert.Equal("Hello!", received.ToString());
        Assert.True(await closed.Task.WaitAsync(TimeSpan.FromSeconds(10)), "the upstream connection stayed open after the client left");
        Assert.Single(upstream.Requests);
    }

    [Fact]
    public async Task CompleteChatStreaming_ClientGivesUpBeforeTheFirstToken_UpstreamConnectionIsClosed()
    {
        var answered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var closed = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var upstream = new RawHttpServer(async exchange =>
        {
            // Headers only: the model is still "thinking" when the client leaves.
            await exchange.SendHeadAsync();
            answered.SetResult();
            closed.SetResult(await exchange.WaitForClientCloseAsync(TimeSpan.FromSeconds(30)));
        });
        await using var host = await PluginServer.StartAsync(PluginServer.Config(upstream.Endpoint, timeoutSeconds: 60));
        using var cancel = new CancellationTokenSource();
        using var transport = new HttpClient(new SocketsHttpHandler { MaxResponseDrainSize = 0, ResponseDrainTimeout = TimeSpan.Zero });

        var call = host.Server.ChatClient(Model, transport: transport).CompleteChatAsync([new UserChatMessage("hi")], cancellationToken: cancel.Token);
        await answered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.True(await closed.Task.WaitAsync(TimeSpan.FromSeconds(10)), "the upstream connection stayed open after the client left");
    }

    [Fact]
    public async Task PostStream_UpstreamStallsAfterText_TextThenOneTimeoutErrorEvent()
    {
        var lines = FixtureLines("era-a-new-thread.jsonl");
        await using var upstream = new RawHttpServer(async exchange =>
        {
            await exchange.SendHeadAsync();
            await exchange.SendAsync(Encoding.ASCII.GetBytes(string.Concat(lines[..3])));
            await exchange.WaitForClientCloseAsync(TimeSpan.FromSeconds(30));
        });
        await using var host = await PluginServer.StartAsync(PluginServer.Config(upstream.Endpoint, timeoutSeconds: 1, maxRetries: 2));

        using var response = await host.Server.PostChatAsync(ChatCompletionsTests.ChatJson(Model, stream: true));
        var events = (await response.Content.ReadAsStringAsync()).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var payloads = events.Select(e => JsonDocument.Parse(e["data: ".Length..]).RootElement).ToList();
        Assert.Equal(
            ["", "Hello", "!"],
            payloads[..^1].Select(p => p.GetProperty("choices")[0].GetProperty("delta").GetProperty("content").GetString()));
        ChatCompletionsTests.AssertError(payloads[^1], "upstream_error", "upstream_timeout",
            "Ai2 sent nothing for 1 s (timeoutSeconds); the request was abandoned.");
        Assert.Single(upstream.Requests);
    }

    [Fact]
    public async Task CompleteChatStreaming_100ConcurrentRequests_EveryStreamIsExact()
    {
        var fixture = FixtureFile.Named("era-a-new-thread.jsonl");
        await using var upstream = await KestrelAi2Server.StartAsync(KestrelAi2Server.Respond(200, fixture.ReadBytes()));
        await using var host = await PluginServer.StartAsync(PluginServer.Config(upstream.MessageStreamEndpoint));
        var client = host.Server.ChatClient(Model);

        var replies = await Task.WhenAll(Enumerable.Range(0, 100).Select(async i =>
        {
            var updates = new List<StreamingChatCompletionUpdate>();
            await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage($"request {i}")]))
            {
                updates.Add(update);
            }

            return (Text: Text(updates), updates[^1].FinishReason);
        })).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.All(replies, r => Assert.Equal((fixture.Text, (OpenAIChatFinishReason?)OpenAIChatFinishReason.Stop), r));
        Assert.Equal(
            Enumerable.Range(0, 100).Select(i => $"request {i}").Order(StringComparer.Ordinal),
            upstream.Requests.Select(r => r.Single("content")!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task MicrosoftExtensionsAIOpenAIClient_PointedAtTheServer_GetsTheExactAllenAITextStreamedAndNot()
    {
        var fixture = FixtureFile.Named("era-a-new-thread.jsonl");
        await using var upstream = await KestrelAi2Server.StartAsync(KestrelAi2Server.Respond(200, fixture.ReadBytes()));
        await using var host = await PluginServer.StartAsync(PluginServer.Config(upstream.MessageStreamEndpoint));
        using var client = host.Server.ChatClient(Model).AsIChatClient();

        var response = await client.GetResponseAsync("hi");
        var streamed = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync("hi"))
        {
            streamed.Add(update);
        }

        Assert.Equal(fixture.Text, response.Text);
        Assert.Equal(Microsoft.Extensions.AI.ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(Model, response.ModelId);
        Assert.Equal(fixture.Text, string.Concat(streamed.Select(u => u.Text)));
        Assert.Equal(Microsoft.Extensions.AI.ChatFinishReason.Stop, streamed.ToChatResponse().FinishReason);
        Assert.Equal(2, upstream.Requests.Count);
    }

    private static string Text(IEnumerable<StreamingChatCompletionUpdate> updates) =>
        string.Concat(updates.SelectMany(u => u.ContentUpdate).Select(p => p.Text));

    /// <summary>The fixture's lines, each with its <c>\n</c>.</summary>
    private static string[] FixtureLines(string name) =>
        [.. Encoding.UTF8.GetString(FixtureFile.Read(name)).Split('\n').SkipLast(1).Select(line => line + "\n")];

    /// <summary>The <c>content</c> of every era-A chunk line (<c>{"message", "content"}</c>, no tree), in order.</summary>
    private static List<string> UpstreamChunks(FixtureFile fixture) =>
        [.. FixtureLines(fixture.Name)
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Where(line => line.TryGetProperty("message", out _) && line.TryGetProperty("content", out _) && !line.TryGetProperty("error", out _))
            .Select(line => line.GetProperty("content").GetString()!)];

}
