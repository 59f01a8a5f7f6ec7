using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Providers.Abstractions;
using Providers.AllenAI.Tests.Fakes;

namespace Providers.AllenAI.Tests;

/// <summary>Every way an Ai2 reply can fail, and the typed, one-line error each produces.</summary>
public sealed partial class AllenAIProviderErrorTests
{
    private const string Html403 = "<html>\r\n<head><title>403 Forbidden</title></head>\r\n<body>\r\n<center><h1>403 Forbidden</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

    public static TheoryData<int, string, string, Type, string> HttpErrors => new()
    {
        {
            400, "application/json",
            "{\"error\": {\"code\": 400, \"message\": \"1 validation error for CreateMessageRequestV4\\ncontent\\n  Field required [type=missing, input_value={'model': 'tulu3-405b', '...erd', 'private': 'true'}, input_type=dict]\\n    For further information visit https://errors.pydantic.dev/2.10/v/missing\", \"validation_errors\": [{\"loc\": [\"content\"], \"msg\": \"Field required\", \"type\": \"missing\", \"url\": \"https://errors.pydantic.dev/2.10/v/missing\"}]}}",
            typeof(UpstreamException), "Ai2 answered HTTP 400: content: Field required"
        },
        {
            400, "application/json",
            "{\"error\": {\"code\": 400, \"message\": \"2 validation errors for CreateMessageRequestV4\\nmaxTokens\\n  Input should be less than or equal to 2048 [type=less_than_equal, input_value='4096', input_type=str]\\n    For further information visit https://errors.pydantic.dev/2.10/v/less_than_equal\\ntemperature\\n  Input should be less than or equal to 1 [type=less_than_equal, input_value='1.5', input_type=str]\\n    For further information visit https://errors.pydantic.dev/2.10/v/less_than_equal\", \"validation_errors\": [{\"loc\": [\"maxTokens\"], \"msg\": \"Input should be less than or equal to 2048\", \"type\": \"less_than_equal\", \"url\": \"https://errors.pydantic.dev/2.10/v/less_than_equal\"}, {\"loc\": [\"temperature\"], \"msg\": \"Input should be less than or equal to 1\", \"type\": \"less_than_equal\", \"url\": \"https://errors.pydantic.dev/2.10/v/less_than_equal\"}]}}",
            typeof(UpstreamException), "Ai2 answered HTTP 400: maxTokens: Input should be less than or equal to 2048; temperature: Input should be less than or equal to 1"
        },
        {
            400, "application/json",
            "{\"error\": {\"code\": 400, \"message\": \"Invalid model/host combination OLMo-2-1124-13B-Instruct/inferd\"}}",
            typeof(UpstreamException), "Ai2 answered HTTP 400: Invalid model/host combination OLMo-2-1124-13B-Instruct/inferd"
        },
        {
            400, "application/json",
            "{\"error\": {\"code\": 400, \"message\": \"1 validation error for CreateMessageRequestWithFullMessages\\n  Value error, Parent message msg_Q1W2E3R4T5 not found [type=value_error, input_value={}, input_type=dict]\", \"validation_errors\": [{\"loc\": [], \"msg\": \"Value error, Parent message msg_Q1W2E3R4T5 not found\", \"type\": \"value_error\", \"url\": \"https://errors.pydantic.dev/2.10/v/value_error\"}]}}",
            typeof(UpstreamException), "Ai2 answered HTTP 400: Value error, Parent message msg_Q1W2E3R4T5 not found"
        },
        {
            401, "application/json",
            "{\"error\": {\"code\": 401, \"message\": \"The server could not verify that you are authorized to access the URL requested. You either supplied the wrong credentials (e.g. a bad password), or your browser doesn't understand how to supply the credentials required.\"}}",
            typeof(MissingAuthException), "Ai2 answered HTTP 401: The server could not verify that you are authorized to access the URL requested. You either supplied the wrong credentials (e.g. a bad password), or your browser doesn't understand how to supply the credentials required."
        },
        {
            403, "application/json",
            "{\"error\": {\"code\": 403, \"message\": \"You don't have the permission to access the requested resource. It is either read-protected or not readable by the server.\"}}",
            typeof(MissingAuthException), "Ai2 answered HTTP 403: You don't have the permission to access the requested resource. It is either read-protected or not readable by the server."
        },
        { 403, "text/html", Html403, typeof(MissingAuthException), "Ai2 answered HTTP 403: 403 Forbidden (HTML page from the Ai2 edge)" },
        {
            404, "application/json",
            "{\"error\": {\"code\": 404, \"message\": \"The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.\"}}",
            typeof(UpstreamException), "Ai2 answered HTTP 404: The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again."
        },
        { 413, "text/html", Html403.Replace("403 Forbidden", "413 Request Entity Too Large", StringComparison.Ordinal), typeof(UpstreamException), "Ai2 answered HTTP 413: 413 Request Entity Too Large (HTML page from the Ai2 edge)" },
        { 415, "application/json", "{\"error\": {\"code\": 415, \"message\": \"multipart/form-data expected\"}}", typeof(UpstreamException), "Ai2 answered HTTP 415: multipart/form-data expected" },
        { 500, "application/json", "{\"error\": {\"code\": 500, \"message\": \"Internal Server Error\"}}", typeof(UpstreamException), "Ai2 answered HTTP 500: Internal Server Error" },
        { 502, "text/html", Html403.Replace("403 Forbidden", "502 Bad Gateway", StringComparison.Ordinal), typeof(UpstreamException), "Ai2 answered HTTP 502: 502 Bad Gateway (HTML page from the Ai2 edge)" },
        { 504, "text/html", Html403.Replace("403 Forbidden", "504 Gateway Time-out", StringComparison.Ordinal), typeof(UpstreamException), "Ai2 answered HTTP 504: 504 Gateway Time-out (HTML page from the Ai2 edge)" },
    };

    [Theory]
    [MemberData(nameof(HttpErrors))]
    public async Task CreateAsyncGenerator_HttpError_ThrowsSharedExceptionWithServerMessage(int status, string contentType, string body, Type expectedType, string expectedMessage)
    {
        await using var server = await KestrelAi2Server.StartAsync(KestrelAi2Server.Respond(status, body, contentType));
        using var harness = ProviderHarness.Create(server.MessageStreamEndpoint, ("protocol", "message-stream"));

        var reply = await ReplyRecording.CollectAsync(harness.Provider.CreateAsyncGenerator(Requests.Ask("hi")));

        var error = Assert.IsType<UpstreamException>(reply.Error, exactMatch: false);
        Assert.Equal(expectedType, error.GetType());
        Assert.Equal(expectedMessage, error.Message);
        Assert.Equal((HttpStatusCode)status, error.Status);
        Assert.Equal(status >= 500, error.IsTransient);
        Assert.Empty(reply.Items);
        if (contentType == "text/html")
        {
            Assert.Null(error.ServerMessage);
        }
        else
        {
            Assert.StartsWith(error.ServerMessage![..10], body[body.IndexOf("\"message\": \"", StringComparison.Ordinal)..][12..], StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task CreateAsyncGenerator_Http429WithRetryAfter_ThrowsRateLimitedWithTheDelay()
    {
        await using var server = await KestrelAi2Server.StartAsync(async (context, _) =>
        {
            context.Response.StatusCode = 429;
            context.Response.Headers.RetryAfter = "30";
            await context.Response.WriteAsync("slow down");
        });
        using var harness = ProviderHarness.Create(server.MessageStreamEndpoint);

        var reply = await ReplyRecording.CollectAsync(harness.Provider.CreateAsyncGenerator(Requests.Ask("hi")));

        var error = Assert.IsType<RateLimitedException>(reply.Error);
        Assert.Equal(TimeSpan.FromSeconds(30), error.RetryAfter);
        Assert.Equal("Ai2 answered HTTP 429: slow down; retry after 30 s", error.Message);
        Assert.True(error.IsTransient);
    }

    [Fact]
    public async Task CreateAsyncGenerator_Http403OnAContinuation_ExplainsTheIdentityRule()
    {
        await using var server = await KestrelAi2Server.StartAsync(KestrelAi2Server.Respond(403,
            "{\"error\": {\"code\": 403, \"message\": \"You don't have the permission to access the requested resource. It is either read-protected or not readable by the server.\"}}",
            "application/json"));
        using var harness = ProviderHarness.Create(server.MessageStreamEndpoint);
        var conversation = new ConversationState { Provider = "AllenAI", Model = "tulu3-405b" }.With("parent", "msg_A1B2C3D4E5");

        var reply = await ReplyRecording.CollectAsync(harness.Provider.CreateAsyncGenerator(Requests.Ask("again") with { Conversation = conversation }));

        Assert.Equal(
            "Ai2 answered HTTP 403: You don't have the permission to access the requested resource. It is either read-protected or not readable by the server. (only the anonymous user id that started a conversation may continue it)",
            Assert.IsType<MissingAuthException>(reply.Error).Message);
    }

    [Theory]
    [InlineData("stop", FinishReason.Stop)]
    [InlineData("length", FinishReason.Length)]
    [InlineData(null, FinishReason.Stop)]
    public async Task CreateAsyncGenerator_FinalTreeFinishReason_EndsNormally(string? finishReason, FinishReason expected)
    {
        var reply = await ReplayAsync(WireLines.Tree(false), WireLines.Chunk("Hel"), WireLines.Chunk("lo"), WireLines.Tree(true, "Hello", finishReason));

        Assert.Null(reply.Error);
        Assert.Equal("Hello", reply.Text);
        Assert.Equal(expected, reply.Finish);
    }

    [Theory]
    [InlineData("aborted", true)]
    [InlineData("unclosed stream", false)]
    [InlineData("model overloaded", true)]
    [InlineData("bad connection", true)]
    [InlineData("value error", false)]
    [InlineData("unknown", false)]
    [InlineData("tool error", false)]
    public async Task CreateAsyncGenerator_FinalTreeAbnormalFinishReason_ThrowsAfterTextAndConversation(string finishReason, bool transient)
    {
        var reply = await ReplayAsync(WireLines.Tree(false), WireLines.Chunk("Hel"), WireLines.Chunk("lo"), WireLines.Tree(true, "Hello", finishReason));

        var error = Assert.IsType<ProviderStreamException>(reply.Error);
        Assert.Equal(finishReason, error.Reason);
        Assert.Equal($"Ai2 ended the reply early (finish reason '{finishReason}').", error.Message);
        Assert.Equal(transient, error.IsTransient);
        Assert.Equal("Hello", reply.Text);
        // The server stored the partial reply: it is a valid parent, so the state still comes out.
        Assert.Equal(WireLines.ReplyId, reply.Conversation!.Get("parent"));
        Assert.Null(reply.Finish);
    }

    [Fact]
    public async Task CreateAsyncGenerator_MidStreamErrorLine_ThrowsOneLineMessageAfterPartialText()
    {
        var reply = await ReplayFixtureAsync("era-a-midstream-error.jsonl");

        var error = Assert.IsType<ProviderStreamException>(reply.Error);
        Assert.Equal("grpc inference failed", error.Reason);
        Assert.Equal(
            "Ai2 reported an error (grpc inference failed): inference failed: <_MultiThreadedRendezvous of RPC that terminated with: status = StatusCode.UNAVAILABLE details = \"Socket closed\" debug_error_string = \"UNKNOWN:Error received from peer {grpc_status:14, grpc_message:\"Socket closed\"}\" >",
            error.Message);
        Assert.True(error.IsTransient);
        Assert.Equal("Sure. The first step is", reply.Text);
    }

    [Fact]
    public async Task CreateAsyncGenerator_ModelOverloaded_ThrowsTransientErrorWithEmptyText()
    {
        var reply = await ReplayFixtureAsync("era-a-model-overloaded.jsonl");

        var error = Assert.IsType<ProviderStreamException>(reply.Error);
        Assert.Equal("Ai2 reported an error (model overloaded): model overloaded", error.Message);
        Assert.True(error.IsTransient);
        Assert.Equal("", reply.Text);
        Assert.Equal([new ChatMessage(ChatRole.User, "hi"), new ChatMessage(ChatRole.Assistant, "")], reply.Conversation!.Messages);
    }

    [Fact]
    public async Task CreateAsyncGenerator_EraAWithoutFinalTree_ThrowsIncompleteAfterTheText()
    {
        var lines = WireLines.FixtureLines("era-a-new-thread.jsonl");

        var reply = await ReplayAsync(lines[..^1]);

        var error = Assert.IsType<ProviderStreamException>(reply.Error);
        Assert.Equal("incomplete stream", error.Reason);
        Assert.Equal("The Ai2 stream ended before the final message tree arrived; the reply is incomplete.", error.Message);
        Assert.Equal(FixtureFile.Named("era-a-new-thread.jsonl").Text, reply.Text);
        Assert.Null(reply.Conversation);
    }

    [Fact]
    public async Task CreateAsyncGenerator_EraBWithoutEnd_ThrowsMissingEnd()
    {
        var lines = WireLines.FixtureLines("era-b-typed.jsonl");

        var reply = await ReplayAsync(lines[..^1]);

        var error = Assert.IsType<ProviderStreamException>(reply.Error);
        Assert.Equal("missing end", error.Reason);
        Assert.Equal("The Ai2 stream ended without its end line; the reply is incomplete.", error.Message);
        Assert.Equal(FixtureFile.Named("era-b-typed.jsonl").Text, reply.Text);
        Assert.Equal("msg_G6B1Y4L9K3", reply.Conversation!.Get("parent"));
    }

    [Fact]
    public async Task CreateAsyncGenerator_ThreadsWithoutEnd_ThrowsMissingEnd()
    {
        var lines = WireLines.FixtureLines("v4-threads.jsonl");

        var reply = await ReplayAsync(lines[..^1]);

        Assert.Equal("missing end", Assert.IsType<ProviderStreamException>(reply.Error).Reason);
        Assert.Equal("Hi! How can I help you today?", reply.Text);
    }

    [Fact]
    public async Task CreateAsyncGenerator_EraBErrorLineThenCut_ThrowsTheErrorLineWithoutConversation()
    {
        var reply = await ReplayAsync(WireLines.Start(), WireLines.Tree(false), WireLines.Typed("modelResponse", "Par"),
            WireLines.Error("Unknown Error boom\nat line 3", "Unknown error"));

        var error = Assert.IsType<ProviderStreamException>(reply.Error);
        Assert.Equal("Unknown error", error.Reason);
        Assert.Equal("Ai2 reported an error (Unknown error): Unknown Error boom at line 3", error.Message);
        Assert.Equal("Par", reply.Text);
        Assert.Null(reply.Conversation);
    }

    [Fact]
    public async Task CreateAsyncGenerator_TypedErrorChunkOfSeverityError_Throws()
    {
        var reply = await ReplayAsync(WireLines.Start(), WireLines.Tree(false), WireLines.Typed("modelResponse", "A"),
            WireLines.TypedError("Tool search failed", "error"), WireLines.Tree(true, "A"), WireLines.End());

        var error = Assert.IsType<ProviderStreamException>(reply.Error);
        Assert.Equal("toolCallError", error.Reason);
        Assert.Equal("Ai2 reported an error (toolCallError): Tool search failed", error.Message);
        Assert.Equal("A", reply.Text);
    }

    [Theory]
    [InlineData("warning")]
    [InlineData("info")]
    public async Task CreateAsyncGenerator_TypedErrorChunkOfLowerSeverity_FinishesNormally(string severity)
    {
        var reply = await ReplayAsync(WireLines.Start(), WireLines.Tree(false), WireLines.Typed("modelResponse", "A"),
            WireLines.TypedError("Tool search slow", severity), WireLines.Tree(true, "A"), WireLines.End());

        Assert.Null(reply.Error);
        Assert.Equal(FinishReason.Stop, reply.Finish);
    }

    [Fact]
    public async Task CreateAsyncGenerator_LengthErrorLine_IsInformational()
    {
        var reply = await ReplayFixtureAsync("era-a-length.jsonl");

        Assert.Null(reply.Error);
        Assert.Equal(FinishReason.Length, reply.Finish);
    }

    [Fact]
    public async Task CreateAsyncGenerator_ConnectionReset_ThrowsAfterTheTextReceived()
    {
        var lines = WireLines.FixtureLines("era-a-new-thread.jsonl");
        var sentText = WireLines.ChunkText(lines[..6]);
        var read = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new RawHttpServer(async exchange =>
        {
            await exchange.SendHeadAsync();
            await exchange.SendAsync(Encoding.ASCII.GetBytes(string.Concat(lines[..6])));
            // A reset discards data the client has not read yet: reset once it has read all of it.
            await read.Task.WaitAsync(TimeSpan.FromSeconds(30));
            exchange.Reset();
        });
        using var harness = ProviderHarness.Create(server.Endpoint);

        var reply = await ReplyRecording.CollectAsync(harness.Provider.CreateAsyncGenerator(Requests.Ask("hi"))
            .OnTextReached(sentText, read.SetResult));

        var error = Assert.IsType<ProviderStreamException>(reply.Error);
        Assert.Equal("connection reset", error.Reason);
        Assert.StartsWith("The connection to Ai2 broke mid-stream: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.True(error.IsTransient);
        Assert.Equal(sentText, reply.Text);
        Assert.Null(reply.Conversation);
    }

    [Fact]
    public async Task CreateAsyncGenerator_CloseDelimitedBodyCutMidLine_ThrowsInvalidLine()
    {
        var lines = WireLines.FixtureLines("era-a-new-thread.jsonl");
        var sent = string.Concat(lines[..4]) + lines[4][..10];
        await using var server = new RawHttpServer(async exchange =>
        {
            await exchange.SendHeadAsync(chunked: false);
            await exchange.SendAsync(Encoding.ASCII.GetBytes(sent));
            await exchange.EndAsync();
        });
        using var harness = ProviderHarness.Create(server.Endpoint);

        var reply = await ReplyRecording.CollectAsync(harness.Provider.CreateAsyncGenerator(Requests.Ask("hi")));

        Assert.Equal("invalid line", Assert.IsType<ProviderStreamException>(reply.Error).Reason);
        Assert.Equal(WireLines.ChunkText(lines[..4]), reply.Text);
    }

    [Fact]
    public async Task CreateAsyncGenerator_FiveMegabyteLine_Accepted()
    {
        var big = new string('a', 5 * 1024 * 1024);

        var reply = await ReplayAsync(WireLines.Tree(false), WireLines.Chunk(big), WireLines.Chunk(" end"), WireLines.Tree(true, big + " end", "stop"));

        Assert.Null(reply.Error);
        Assert.Equal(big + " end", reply.Text);
    }

    [Fact]
    public async Task CreateAsyncGenerator_LineOverMaxLineBytes_ThrowsClearErrorAfterEarlierText()
    {
        var reply = await ReplayAsync([WireLines.Tree(false), WireLines.Chunk("ok"), WireLines.Chunk(new string('a', 5000)), WireLines.Tree(true, "x", "stop")],
            ("maxLineBytes", "4096"));

        var error = Assert.IsType<ProviderStreamException>(reply.Error);
        Assert.Equal("line too long", error.Reason);
        Assert.Equal("An Ai2 stream line is longer than maxLineBytes (4096 bytes); raise providers:AllenAI:maxLineBytes if replies are legitimately this long.", error.Message);
        Assert.Equal("ok", reply.Text);
    }

    [Fact]
    public async Task CreateAsyncGenerator_CrlfLineEndings_SameOutput()
    {
        var body = Encoding.ASCII.GetString(FixtureFile.Read("era-a-modal-host.jsonl")).Replace("\n", "\r\n", StringComparison.Ordinal);

        var reply = await ReplayAsync(body);

        Assert.Null(reply.Error);
        Assert.Equal(FixtureFile.Named("era-a-modal-host.jsonl").Text, reply.Text);
        Assert.Equal("msg_N4R8L2P7M5", reply.Conversation!.Get("parent"));
    }

    [Fact]
    public async Task CreateAsyncGenerator_RawUtf8ProducerOneBytePerWrite_SameTextWithLineSeparatorKept()
    {
        // A producer that writes raw UTF-8 (U+2028 included) instead of \u escapes, cut inside every character.
        var fixture = FixtureFile.Named("era-a-new-thread.jsonl");
        var raw = Encoding.UTF8.GetBytes(Unescape(Encoding.ASCII.GetString(fixture.ReadBytes())));
        Assert.Contains("\u2028", Encoding.UTF8.GetString(raw), StringComparison.Ordinal);
        await using var server = new RawHttpServer(async exchange =>
        {
            await exchange.SendHeadAsync(chunked: false);
            await exchange.SendPiecesAsync(raw, Enumerable.Repeat(1, raw.Length));
            await exchange.EndAsync();
        });
        using var harness = ProviderHarness.Create(server.Endpoint);

        var reply = await ReplyRecording.CollectAsync(harness.Provider.CreateAsyncGenerator(Requests.Ask("hi")));

        Assert.Null(reply.Error);
        Assert.Equal(fixture.Text, reply.Text);
        Assert.Contains(new TextDelta("\u2028"), reply.Items);
        Assert.Contains(new TextDelta(" "), reply.Items);
        Assert.Contains(new TextDelta("\n\n"), reply.Items);
    }

    [Fact]
    public async Task CreateAsyncGenerator_UpstreamStallsMidStream_TimesOutWhenTheClockPassesTheLimit()
    {
        var lines = WireLines.FixtureLines("era-a-new-thread.jsonl");
        var sentText = WireLines.ChunkText(lines[..2]);
        var closed = new TaskCompletionSource<bool>();
        await using var server = new RawHttpServer(async exchange =>
        {
            await exchange.SendHeadAsync();
            await exchange.SendAsync(Encoding.ASCII.GetBytes(lines[0] + lines[1]));
            closed.SetResult(await exchange.WaitForClientCloseAsync(TimeSpan.FromSeconds(30)));
        });
        var clock = new WatchedTimeProvider();
        using var harness = new ProviderHarness(server.Endpoint, [KeyValuePair.Create("timeoutSeconds", (string?)"1")], clock);
        var armingsAtText = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);

        var collecting = ReplyRecording.CollectAsync(harness.Provider.CreateAsyncGenerator(Requests.Ask("hi"))
            .OnTextReached(sentText, () => armingsAtText.SetResult(clock.Armings)));
        // Everything sent has been read; the next read waits on the silent upstream.
        await clock.WhenArmedAsync(await armingsAtText.Task.WaitAsync(TimeSpan.FromSeconds(30)) + 1).WaitAsync(TimeSpan.FromSeconds(30));
        clock.Advance(TimeSpan.FromSeconds(1));
        var reply = await collecting.WaitAsync(TimeSpan.FromSeconds(30));

        var error = Assert.IsType<ProviderTimeoutException>(reply.Error);
        Assert.Equal("Ai2 sent nothing for 1 s (timeoutSeconds); the request was abandoned.", error.Message);
        Assert.Equal(TimeSpan.FromSeconds(1), error.Timeout);
        Assert.Equal(sentText, reply.Text);
        Assert.True(await closed.Task.WaitAsync(TimeSpan.FromSeconds(10)), "the upstream connection stayed open");
    }

    [Fact]
    public async Task CreateAsyncGenerator_UpstreamNeverAnswers_TimesOutWhenTheClockPassesTheLimit()
    {
        var received = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new RawHttpServer(exchange =>
        {
            received.SetResult();
            return exchange.WaitForClientCloseAsync(TimeSpan.FromSeconds(30));
        });
        var clock = new WatchedTimeProvider();
        using var harness = new ProviderHarness(server.Endpoint, [KeyValuePair.Create("timeoutSeconds", (string?)"1")], clock);

        var collecting = ReplyRecording.CollectAsync(harness.Provider.CreateAsyncGenerator(Requests.Ask("hi")));
        // The whole request is in and the client waits for the answer: only now let the clock pass the limit.
        await received.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await clock.WhenArmedAsync(1).WaitAsync(TimeSpan.FromSeconds(30));
        clock.Advance(TimeSpan.FromSeconds(1));
        var reply = await collecting.WaitAsync(TimeSpan.FromSeconds(30));

        var error = Assert.IsType<ProviderTimeoutException>(reply.Error);
        Assert.Equal("Ai2 sent nothing for 1 s (timeoutSeconds); the request was abandoned.", error.Message);
        Assert.Empty(reply.Items);
    }

    [Fact]
    public async Task CreateAsyncGenerator_SlowButSteadyStream_DoesNotTimeOut()
    {
        // Each gap is under the limit, the whole reply is well over it: the timeout is per read.
        var lines = WireLines.FixtureLines("era-a-follow-up.jsonl");
        var clock = new WatchedTimeProvider();
        await using var server = new RawHttpServer(async exchange =>
        {
            await exchange.SendHeadAsync();
            foreach (var line in lines)
            {
                // 0.9 s pass while the client waits; then the line comes. The next step waits until the
                // client has armed a new read, so no single read sees two of these gaps.
                clock.Advance(TimeSpan.FromSeconds(0.9));
                var armings = clock.Armings;
                await exchange.SendAsync(Encoding.ASCII.GetBytes(line));
                await clock.WhenArmedAsync(armings + 1).WaitAsync(TimeSpan.FromSeconds(30));
            }

            await exchange.EndAsync();
        });
        using var harness = new ProviderHarness(server.Endpoint, [KeyValuePair.Create("timeoutSeconds", (string?)"1")], clock);

        var reply = await ReplyRecording.CollectAsync(harness.Provider.CreateAsyncGenerator(Requests.Ask("hi")));

        Assert.Null(reply.Error);
        Assert.Equal(FixtureFile.Named("era-a-follow-up.jsonl").Text, reply.Text);
        Assert.True(clock.GetUtcNow() - clock.Start >= TimeSpan.FromSeconds(0.9 * lines.Length), "the fake clock did not move");
    }

    [Fact]
    public async Task CreateAsyncGenerator_CallerCancels_ClosesTheUpstreamConnectionPromptly()
    {
        var lines = WireLines.FixtureLines("era-a-new-thread.jsonl");
        var closed = new TaskCompletionSource<bool>();
        await using var server = new RawHttpServer(async exchange =>
        {
            await exchange.SendHeadAsync();
            await exchange.SendAsync(Encoding.ASCII.GetBytes(lines[0] + lines[1]));
            closed.SetResult(await exchange.WaitForClientCloseAsync(TimeSpan.FromSeconds(30)));
        });
        using var harness = ProviderHarness.Create(server.Endpoint);
        using var cancellation = new CancellationTokenSource();
        var items = new List<ResponseItem>();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var item in harness.Provider.CreateAsyncGenerator(Requests.Ask("hi"), cancellation.Token))
            {
                items.Add(item);
                await cancellation.CancelAsync();
            }
        });

        Assert.Equal(cancellation.Token, error.CancellationToken);
        Assert.Equal([new TextDelta("Hello")], items);
        // Well under SocketsHttpHandler's default 2 s drain of an abandoned response.
        Assert.True(await closed.Task.WaitAsync(TimeSpan.FromSeconds(1.5)), "the upstream connection stayed open");
    }

    [Fact]
    public async Task CreateAsyncGenerator_Proxy_RoutesTheRequestThroughIt()
    {
        await using var proxy = new RawHttpServer(async exchange =>
        {
            await exchange.SendHeadAsync();
            await exchange.SendAsync(FixtureFile.Read("era-a-follow-up.jsonl"));
            await exchange.EndAsync();
        });
        using var harness = ProviderHarness.Create(new Uri("http://olmo-api.invalid/v4/message/stream"),
            ("proxy", $"http://127.0.0.1:{proxy.Port}"));

        var reply = await ReplyRecording.CollectAsync(harness.Provider.CreateAsyncGenerator(Requests.Ask("hi")));

        Assert.Null(reply.Error);
        Assert.Equal("http://olmo-api.invalid/v4/message/stream", proxy.Requests.Single().Target);
    }

    [Theory]
    [InlineData("alice:s3cret", "alice:s3cret")]
    [InlineData("alice:s3%3Acr%40t%20x", "alice:s3:cr@t x")]
    public async Task CreateAsyncGenerator_ProxyWithCredentialsInItsUrl_AuthenticatesWithThem(string userInfo, string credentials)
    {
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials));
        await using var proxy = new RawHttpServer(async exchange =>
        {
            if (exchange.Request.Headers.TryGetValue("Proxy-Authorization", out var authorization) && authorization == expected)
            {
                await exchange.SendHeadAsync();
                await exchange.SendAsync(FixtureFile.Read("era-a-follow-up.jsonl"));
            }
            else
            {
                await exchange.SendHeadAsync(407, "text/plain", chunked: false, "Proxy-Authenticate: Basic realm=\"proxy\"", "Content-Length: 0");
            }

            await exchange.EndAsync();
        });
        using var harness = ProviderHarness.Create(new Uri("http://olmo-api.invalid/v4/message/stream"),
            ("proxy", $"http://{userInfo}@127.0.0.1:{proxy.Port}"));

        var reply = await ReplyRecording.CollectAsync(harness.Provider.CreateAsyncGenerator(Requests.Ask("hi")));

        Assert.Null(reply.Error);
        Assert.Equal("You're welcome! Adiós y hasta luego 🙂", reply.Text);
        Assert.Equal(expected, proxy.Requests.Last().Headers["Proxy-Authorization"]);
    }

    [Fact]
    public async Task CreateAsyncGenerator_ProxyRefusesTheCredentials_ErrorDoesNotRevealThem()
    {
        await using var proxy = new RawHttpServer(async exchange =>
        {
            await exchange.SendHeadAsync(407, "text/plain", chunked: false, "Proxy-Authenticate: Basic realm=\"proxy\"", "Content-Length: 0");
            await exchange.EndAsync();
        });
        // https: the handler opens a CONNECT tunnel, and .NET names the proxy in the tunnel failure.
        using var harness = ProviderHarness.Create(new Uri("https://olmo-api.invalid/v4/message/stream"),
            ("proxy", $"http://alice:s3cret@127.0.0.1:{proxy.Port}"));

        var reply = await ReplyRecording.CollectAsync(harness.Provider.CreateAsyncGenerator(Requests.Ask("hi")));

        var error = Assert.IsType<ProviderStreamException>(reply.Error);
        Assert.Equal("connection failed", error.Reason);
        Assert.DoesNotContain("s3cret", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("alice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateAsyncGenerator_EndpointWithUserInfo_ConnectionFailureMasksIt()
    {
        using var refusing = new RefusingPort();
        var port = refusing.Port;
        using var harness = ProviderHarness.Create(new Uri($"http://bob:hunter2@127.0.0.1:{port}/v4/message/stream"));

        var reply = await ReplyRecording.CollectAsync(harness.Provider.CreateAsyncGenerator(Requests.Ask("hi")));

        var error = Assert.IsType<ProviderStreamException>(reply.Error);
        Assert.StartsWith($"Could not reach Ai2 at http://***@127.0.0.1:{port}/v4/message/stream: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateAsyncGenerator_NothingListening_ThrowsTransientConnectionFailure()
    {
        using var refusing = new RefusingPort();
        var port = refusing.Port;
        using var harness = ProviderHarness.Create(new Uri($"http://127.0.0.1:{port}/v4/message/stream"));

        var reply = await ReplyRecording.CollectAsync(harness.Provider.CreateAsyncGenerator(Requests.Ask("hi")));

        var error = Assert.IsType<ProviderStreamException>(reply.Error);
        Assert.Equal("connection failed", error.Reason);
        Assert.StartsWith($"Could not reach Ai2 at http://127.0.0.1:{port}/v4/message/stream: ", error.Message, StringComparison.Ordinal);
        Assert.True(error.IsTransient);
    }

    [Fact]
    public async Task CreateAsyncGenerator_EraBWithLegacyChunkLines_StreamsTheirText()
    {
        // Aug–Oct 2025 deployments with the pydantic-inference flag off: start/end around Era A chunks.
        var reply = await ReplayAsync(WireLines.Start(), WireLines.Tree(false), WireLines.Chunk("Hi"), WireLines.Chunk(" "), WireLines.Chunk("there"),
            WireLines.Tree(true, "Hi there"), WireLines.End());

        Assert.Null(reply.Error);
        Assert.Equal("Hi there", reply.Text);
        Assert.Equal(FinishReason.Stop, reply.Finish);
    }

    [Fact]
    public async Task CreateAsyncGenerator_FinalTreeWithoutTrailingNewline_StillParsed()
    {
        var body = Encoding.ASCII.GetString(FixtureFile.Read("era-a-modal-host.jsonl")).TrimEnd('\n');

        var reply = await ReplayAsync(body);

        Assert.Null(reply.Error);
        Assert.Equal("msg_N4R8L2P7M5", reply.Conversation!.Get("parent"));
    }

    [Fact]
    public async Task CreateAsyncGenerator_InvalidUtf8InALine_ThrowsInsteadOfDroppingBytes()
    {
        byte[] body = [.. Encoding.ASCII.GetBytes(WireLines.Tree(false) + "{\"message\": \"msg_R2R2R2R2R2\", \"content\": \"a"), 0xFF, .. Encoding.ASCII.GetBytes("b\"}\n")];
        await using var server = await KestrelAi2Server.StartAsync(KestrelAi2Server.Respond(200, body));
        using var harness = ProviderHarness.Create(server.MessageStreamEndpoint);

        var reply = await ReplyRecording.CollectAsync(harness.Provider.CreateAsyncGenerator(Requests.Ask("hi")));

        Assert.Equal("invalid line", Assert.IsType<ProviderStreamException>(reply.Error).Reason);
        Assert.Equal("", reply.Text);
    }

    private static Task<ReplyRecording> ReplayFixtureAsync(string name) => ReplayAsync(Encoding.ASCII.GetString(FixtureFile.Read(name)));

    private static Task<ReplyRecording> ReplayAsync(params string[] lines) => ReplayAsync(lines, []);

    private static async Task<ReplyRecording> ReplayAsync(string[] lines, params (string Key, string? Value)[] settings)
    {
        var body = Encoding.UTF8.GetBytes(string.Concat(lines));
        await using var server = await KestrelAi2Server.StartAsync(KestrelAi2Server.Respond(200, body));
        using var harness = ProviderHarness.Create(server.MessageStreamEndpoint, settings);
        return await ReplyRecording.CollectAsync(harness.Provider.CreateAsyncGenerator(Requests.Ask("hi")));
    }

    /// <summary>Turns the server's <c>\uXXXX</c> escapes of non-ASCII text back into raw characters.</summary>
    private static string Unescape(string json) => EscapeRun().Replace(json, run =>
    {
        var units = run.Value.Split("\\u", StringSplitOptions.RemoveEmptyEntries)
            .Select(hex => (char)Convert.ToUInt16(hex, 16)).ToArray();
        return units.All(c => c >= 0x80) ? new string(units) : run.Value;
    });

    [GeneratedRegex(@"(\\u[0-9a-f]{4})+")]
    private static partial Regex EscapeRun();
}
