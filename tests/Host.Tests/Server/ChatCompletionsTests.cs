using System.ClientModel;
using System.Net;
using System.Text;
using System.Text.Json;
using OpenAI.Chat;
using Providers.Abstractions;
using Providers.Host.Tests.Fakes;
using AbstractionsChatMessage = Providers.Abstractions.ChatMessage;
using AbstractionsChatRole = Providers.Abstractions.ChatRole;

namespace Providers.Host.Tests.Server;

public sealed class ChatCompletionsTests
{
    private static readonly string[] Pieces = ["Hel", "lo", " ", "wörld 🌍", "\n", "\"quoted\" \\ </script>", "", "end."];

    private readonly FakeProvider _provider = FakeProvider.Create("Fake", ["fake-1"], new Dictionary<string, string> { ["nick"] = "fake-1" });

    [Fact]
    public async Task CompleteChatStreaming_ProviderText_ClientReceivesItExactly()
    {
        _provider.StreamCallback = (_, token) => FakeProvider.Text(Pieces, token);
        await using var server = await RunningServer.StartAsync(FakeCatalog.Of(_provider));

        var updates = new List<StreamingChatCompletionUpdate>();
        await foreach (var update in server.ChatClient("nick").CompleteChatStreamingAsync([new UserChatMessage("hi")]))
        {
            updates.Add(update);
        }

        Assert.Equal(string.Concat(Pieces), string.Concat(updates.SelectMany(u => u.ContentUpdate).Select(p => p.Text)));
        Assert.Equal(ChatMessageRole.Assistant, updates[0].Role);
        Assert.Equal(ChatFinishReason.Stop, updates[^1].FinishReason);
        Assert.All(updates.SkipLast(1), u => Assert.Null(u.FinishReason));
        Assert.All(updates, u => Assert.Equal("fake-1", u.Model));
    }

    [Fact]
    public async Task CompleteChat_NonStreaming_ReturnsProviderTextAndFinishReason()
    {
        _provider.StreamCallback = (_, token) => FakeProvider.Text(Pieces, FinishReason.Length, token);
        await using var server = await RunningServer.StartAsync(FakeCatalog.Of(_provider));

        ChatCompletion completion = await server.ChatClient("fake-1").CompleteChatAsync([new UserChatMessage("hi")]);

        Assert.Equal(string.Concat(Pieces), Assert.Single(completion.Content).Text);
        Assert.Equal(ChatFinishReason.Length, completion.FinishReason);
        Assert.Equal(ChatMessageRole.Assistant, completion.Role);
        Assert.Null(completion.Usage);
    }

    [Fact]
    public async Task CompleteChat_MultiTurn_ProviderReceivesEveryMessageInOrder()
    {
        await using var server = await RunningServer.StartAsync(FakeCatalog.Of(_provider));

        await server.ChatClient("fake-1").CompleteChatAsync(
            [new SystemChatMessage("Be terse."), new UserChatMessage("Hi"), new AssistantChatMessage("Hello!"), new UserChatMessage("2+2?")],
            new ChatCompletionOptions { Temperature = 0.5f, TopP = 0.25f });

        var sent = Assert.Single(_provider.Requests);
        Assert.Equal(
            [
                new AbstractionsChatMessage(AbstractionsChatRole.System, "Be terse."),
                new AbstractionsChatMessage(AbstractionsChatRole.User, "Hi"),
                new AbstractionsChatMessage(AbstractionsChatRole.Assistant, "Hello!"),
                new AbstractionsChatMessage(AbstractionsChatRole.User, "2+2?"),
            ],
            sent.Messages);
        Assert.Equal(0.5, sent.Temperature);
        Assert.Equal(0.25, sent.TopP);
        Assert.Equal("fake-1", sent.Model);
    }

    [Fact]
    public async Task CompleteChat_UnknownModel_Returns400InOpenAIShapeListingValidIds()
    {
        await using var server = await RunningServer.StartAsync(FakeCatalog.Of(_provider));

        var error = await Assert.ThrowsAsync<ClientResultException>(() => server.ChatClient("gpt-5").CompleteChatAsync([new UserChatMessage("hi")]));
        using var raw = await server.PostChatAsync("""{"model":"gpt-5","messages":[{"role":"user","content":"hi"}],"stream":true}""");
        var body = await RunningServer.ReadJsonAsync(raw);

        Assert.Equal(400, error.Status);
        Assert.Equal(HttpStatusCode.BadRequest, raw.StatusCode);
        Assert.Equal("application/json", raw.Content.Headers.ContentType?.MediaType);
        AssertError(body, "invalid_request_error", "model_not_found", "Unknown model 'gpt-5'. Valid: fake-1, nick.");
        Assert.Empty(_provider.Requests);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CompleteChat_Upstream500BeforeOutput_Returns502(bool stream)
    {
        _provider.StreamCallback = (_, token) => FakeProvider.Fail(new UpstreamException("Fake", HttpStatusCode.InternalServerError, "oops", "Fake answered HTTP 500: oops"), token);
        await using var server = await RunningServer.StartAsync(FakeCatalog.Of(_provider));

        using var response = await server.PostChatAsync(ChatJson("fake-1", stream));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        AssertError(await RunningServer.ReadJsonAsync(response), "upstream_error", "upstream_failure", "Fake answered HTTP 500: oops");
    }

    [Fact]
    public async Task CompleteChatStreaming_ProviderTimeout_SdkSees504()
    {
        _provider.StreamCallback = (_, token) => FakeProvider.Fail(new ProviderTimeoutException("Fake", TimeSpan.FromSeconds(3), "Fake was silent for 3 s."), token);
        await using var server = await RunningServer.StartAsync(FakeCatalog.Of(_provider));

        var error = await Assert.ThrowsAsync<ClientResultException>(async () =>
        {
            await foreach (var _ in server.ChatClient("fake-1").CompleteChatStreamingAsync([new UserChatMessage("hi")]))
            {
            }
        });

        Assert.Equal(504, error.Status);
        Assert.Contains("Fake was silent for 3 s.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompleteChatStreaming_ClientCancels_ProviderTokenIsCancelled()
    {
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _provider.StreamCallback = (_, token) => FakeProvider.TextThenHang("first", cancelled, token);
        await using var server = await RunningServer.StartAsync(FakeCatalog.Of(_provider));
        using var cts = new CancellationTokenSource();
        // Closes at once instead of draining the abandoned response for HttpClient's default 2 s.
        using var transport = new HttpClient(new SocketsHttpHandler { MaxResponseDrainSize = 0, ResponseDrainTimeout = TimeSpan.Zero });

        var received = new StringBuilder();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var update in server.ChatClient("fake-1", transport: transport).CompleteChatStreamingAsync([new UserChatMessage("hi")], cancellationToken: cts.Token))
            {
                received.Append(string.Concat(update.ContentUpdate.Select(p => p.Text)));
                if (received.ToString() == "first")
                {
                    await cts.CancelAsync();
                }
            }
        });

        await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("first", received.ToString());
    }

    [Fact]
    public async Task CompleteChatStreaming_HundredConcurrentStreams_EachReceivesItsOwnTextExactly()
    {
        _provider.StreamCallback = (request, token) => FakeProvider.Text([.. request.Messages[^1].Content.Select(c => c.ToString())], token);
        await using var server = await RunningServer.StartAsync(FakeCatalog.Of(_provider));
        var client = server.ChatClient("fake-1");

        var results = await Task.WhenAll(Enumerable.Range(0, 100).Select(async i =>
        {
            var expected = $"stream {i}: {new string((char)('a' + (i % 26)), 20 + i)}";
            var text = new StringBuilder();
            await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage(expected)]))
            {
                text.Append(string.Concat(update.ContentUpdate.Select(p => p.Text)));
            }

            return (Expected: expected, Actual: text.ToString());
        }));

        Assert.All(results, r => Assert.Equal(r.Expected, r.Actual));
        Assert.Equal(100, _provider.Calls);
    }

    [Fact]
    public async Task Post_Stream_FramesEveryChunkAsDataLinesEndingWithDone()
    {
        _provider.StreamCallback = (_, token) => FakeProvider.Text(["a", "b"], token);
        await using var server = await RunningServer.StartAsync(FakeCatalog.Of(_provider));

        using var response = await server.PostChatAsync(ChatJson("fake-1", stream: true));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith("\n\ndata: [DONE]\n\n", body, StringComparison.Ordinal);
        var events = body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.All(events, e => Assert.StartsWith("data: ", e, StringComparison.Ordinal));
        var chunks = events[..^1].Select(e => JsonDocument.Parse(e["data: ".Length..]).RootElement).ToList();
        Assert.Equal(4, chunks.Count);
        Assert.All(chunks, c => Assert.Equal("chat.completion.chunk", c.GetProperty("object").GetString()));
        Assert.Single(chunks.Select(c => c.GetProperty("id").GetString()).Distinct());
        var deltas = chunks.Select(c => c.GetProperty("choices")[0]).ToList();
        Assert.Equal("assistant", deltas[0].GetProperty("delta").GetProperty("role").GetString());
        Assert.Equal(["", "a", "b"], deltas[..3].Select(d => d.GetProperty("delta").GetProperty("content").GetString()));
        Assert.Equal([null, null, null, "stop"], deltas.Select(d => d.GetProperty("finish_reason").GetString()));
        Assert.Equal("{}", deltas[3].GetProperty("delta").GetRawText());
    }

    [Fact]
    public async Task Post_NonStream_ReturnsOneChatCompletionWithNullUsageAndUnescapedText()
    {
        _provider.StreamCallback = (_, token) => FakeProvider.Text(["à ", "'b'"], token);
        await using var server = await RunningServer.StartAsync(FakeCatalog.Of(_provider));

        using var response = await server.PostChatAsync(ChatJson("nick", stream: false));
        var body = await RunningServer.ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("chat.completion", body.GetProperty("object").GetString());
        Assert.Equal("fake-1", body.GetProperty("model").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("usage").ValueKind);
        var choice = Assert.Single(body.GetProperty("choices").EnumerateArray());
        Assert.Equal("""{"role":"assistant","content":"à 'b'"}""", choice.GetProperty("message").GetRawText());
        Assert.Equal("stop", choice.GetProperty("finish_reason").GetString());
    }

    [Fact]
    public async Task Post_ReasoningThenText_SendsReasoningContentApartFromContent()
    {
        _provider.StreamCallback = (_, _) => Items(new ReasoningDelta("think"), new TextDelta("answer"), new FinishItem(FinishReason.Stop));
        await using var server = await RunningServer.StartAsync(FakeCatalog.Of(_provider));

        using var streamed = await server.PostChatAsync(ChatJson("fake-1", stream: true));
        using var whole = await server.PostChatAsync(ChatJson("fake-1", stream: false));
        var events = (await streamed.Content.ReadAsStringAsync()).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        var message = (await RunningServer.ReadJsonAsync(whole)).GetProperty("choices")[0].GetProperty("message");

        var deltas = events[1..3].Select(e => JsonDocument.Parse(e["data: ".Length..]).RootElement.GetProperty("choices")[0].GetProperty("delta").GetRawText());
        Assert.Equal(["""{"reasoning_content":"think"}""", """{"content":"answer"}"""], deltas);
        Assert.Equal("""{"role":"assistant","content":"answer","reasoning_content":"think"}""", message.GetRawText());
    }

    [Theory]
    [InlineData("{not json", "invalid_json")]
    [InlineData("null", "invalid_type")]
    [InlineData("""{"model":"fake-1","messages":"hi"}""", "invalid_type")]
    [InlineData("""{"messages":[{"role":"user","content":"hi"}]}""", "missing_required_parameter")]
    [InlineData("""{"model":"fake-1"}""", "missing_required_parameter")]
    [InlineData("""{"model":"fake-1","messages":[{"role":"tool","content":"42"}]}""", "unsupported_parameter")]
    [InlineData("""{"model":"fake-1","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"x"}}]}]}""", "unsupported_parameter")]
    public async Task Post_MalformedRequest_Returns400InOpenAIShape(string json, string code)
    {
        await using var server = await RunningServer.StartAsync(FakeCatalog.Of(_provider));

        using var response = await server.PostChatAsync(json);
        var error = (await RunningServer.ReadJsonAsync(response)).GetProperty("error");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        Assert.Empty(_provider.Requests);
    }

    [Fact]
    public async Task Post_ContentAsTextParts_ReachesProviderAsOneMessage()
    {
        await using var server = await RunningServer.StartAsync(FakeCatalog.Of(_provider));

        using var response = await server.PostChatAsync(
            """{"model":"fake-1","messages":[{"role":"developer","content":"sys"},{"role":"user","content":[{"type":"text","text":"one "},{"type":"text","text":"two"}]}],"stop":"END"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = Assert.Single(_provider.Requests);
        Assert.Equal([new AbstractionsChatMessage(AbstractionsChatRole.System, "sys"), new AbstractionsChatMessage(AbstractionsChatRole.User, "one two")], sent.Messages);
        Assert.Equal(["END"], sent.Stop);
    }

    [Fact]
    public async Task Post_BodyOverTheLimit_Returns413()
    {
        await using var server = await RunningServer.StartAsync(FakeCatalog.Of(_provider), maxRequestBodyBytes: 1024);

        using var response = await server.PostChatAsync(ChatJson("fake-1", stream: false, content: new string('x', 2048)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        AssertError(await RunningServer.ReadJsonAsync(response), "invalid_request_error", "request_too_large", "The request body exceeds 1024 bytes.");
        Assert.Empty(_provider.Requests);
    }

    [Fact]
    public async Task Post_ChunkedBodyWithoutLength_IsReadWhole()
    {
        await using var server = await RunningServer.StartAsync(FakeCatalog.Of(_provider));
        var content = new string('x', 100_000);
        using var body = new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(ChatJson("fake-1", stream: false, content))));
        body.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions") { Content = body };
        request.Headers.TransferEncodingChunked = true;

        using var response = await server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(content, Assert.Single(Assert.Single(_provider.Requests).Messages).Content);
    }

    private static async IAsyncEnumerable<ResponseItem> Items(params ResponseItem[] items)
    {
        foreach (var item in items)
        {
            await Task.Yield();
            yield return item;
        }
    }

    internal static string ChatJson(string model, bool stream, string content = "hi") =>
        JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["model"] = model,
            ["stream"] = stream,
            ["messages"] = new[] { new Dictionary<string, string> { ["role"] = "user", ["content"] = content } },
        });

    internal static void AssertError(JsonElement body, string type, string code, string message)
    {
        var error = body.GetProperty("error");
        Assert.Equal(message, error.GetProperty("message").GetString());
        Assert.Equal(type, error.GetProperty("type").GetString());
        Assert.Equal(code, error.GetProperty("code").GetString());
    }
}
