using System.Net;
using System.Text;
using System.Text.Json;
using Providers.Host.Cli;
using Providers.Host.Configuration;
using Providers.Host.Tests.Cli;
using Providers.Host.Tests.Server;
using Providers.OpenAICompatible.Tests.Fakes;

namespace Providers.Host.Tests.MultiProvider;

/// <summary>The real OpenAICompatible plugin folder behind <c>host chat</c> and <c>host serve</c>, against a fake upstream.</summary>
public sealed class OpenAICompatibleThroughHostTests : IDisposable
{
    private const string Key = "sk-test-9f8e7d6c5b4a-secret";

    private readonly TempPluginsFolder _folder = new TempPluginsFolder().Add(ThreeInstancesTests.OpenAIPluginDirectory);

    public void Dispose() => _folder.Dispose();

    private string ConversationPath => Path.Combine(_folder.Root, "conversation.json");

    private void Configure(FakeOpenAIServer upstream, string? apiKeyEnv = null, int timeoutSeconds = 10, int maxRetries = 0) => _folder.WriteConfig($$"""
        {
          "pluginsPath": "plugins",
          "providers": {
            "Local": { "type": "OpenAICompatible", "baseUrl": "{{upstream.BaseUrl}}", "models": ["llama3.2"],
                       "modelAliases": { "llama": "l3", "l3": "llama3.2" }, "timeoutSeconds": {{timeoutSeconds}}{{(apiKeyEnv is null ? "" : $", \"apiKeyEnv\": \"{apiKeyEnv}\"")}} }
          },
          "aliases": { "best": "llama" },
          "routing": { "maxRetries": {{maxRetries}}, "initialBackoffMilliseconds": 1, "maxBackoffMilliseconds": 1 }
        }
        """);

    private Task<CliResult> ChatAsync(string? input, params string[] args) =>
        CliRunner.RunAsync([new ChatCommand(() => new StringReader(input ?? ""), outputIsTerminal: false)], ["chat", "--config", _folder.ConfigPath, .. args]);

    [Fact]
    public async Task ChatRealProcess_KeyFromEnvironmentAndVerbose_BearerSentUsagePrintedAndTheKeyNowhereInOutput()
    {
        await using var upstream = FakeOpenAIServer.Replying([Sse.Role(), Sse.Content("Hi"), Sse.Content(" there"), Sse.Finish("stop"), Sse.Usage(7, 2), Sse.Done]);
        Configure(upstream, apiKeyEnv: "MP_TEST_KEY_A");

        var result = await CliRunner.RunProcessAsync(new Dictionary<string, string> { ["MP_TEST_KEY_A"] = Key },
            "chat", "--config", _folder.ConfigPath, "-v", "-m", "best", "--temperature", "0.5", "hi");

        Assert.Equal((0, "Hi there"), (result.ExitCode, result.StdOut));
        Assert.Contains("host: tokens: 7 prompt, 2 completion, 9 total", result.StdErrLines);
        Assert.DoesNotContain(Key, result.StdOut + result.StdErr, StringComparison.Ordinal);
        var request = Assert.Single(upstream.ChatRequests);
        Assert.Equal(("POST", "/v1/chat/completions", $"Bearer {Key}"), (request.Method, request.Target, request.Headers["Authorization"]));
        var body = FakeOpenAIServer.Body(request);
        Assert.Equal("llama3.2", body.GetProperty("model").GetString());
        Assert.True(body.GetProperty("stream").GetBoolean());
        Assert.Equal(0.5, body.GetProperty("temperature").GetDouble());
        Assert.False(body.TryGetProperty("top_p", out _));
        Assert.False(body.TryGetProperty("max_tokens", out _));
        Assert.False(body.TryGetProperty("stop", out _));
        Assert.Equal([("user", "hi")], Messages(body));
    }

    [Fact]
    public async Task ChatRealProcess_NoApiKeyEnv_NoAuthorizationHeaderAndNoSamplingFields()
    {
        await using var upstream = FakeOpenAIServer.Replying(FakeOpenAIServer.Text("ok"));
        Configure(upstream);

        var result = await CliRunner.RunProcessAsync(new Dictionary<string, string>(), "chat", "--config", _folder.ConfigPath, "-m", "Local/llama", "hi");

        Assert.Equal((0, "ok", ""), (result.ExitCode, result.StdOut, result.StdErr));
        var request = Assert.Single(upstream.ChatRequests);
        Assert.False(request.Headers.ContainsKey("Authorization"));
        var body = FakeOpenAIServer.Body(request);
        Assert.Equal("llama3.2", body.GetProperty("model").GetString());
        foreach (var sampling in new[] { "temperature", "top_p", "max_tokens", "max_completion_tokens", "stop" })
        {
            Assert.False(body.TryGetProperty(sampling, out _), sampling);
        }
    }

    [Fact]
    public async Task ChatRealProcess_ApiKeyVariableMissing_ExitTwoNamingTheVariableAndNothingSent()
    {
        await using var upstream = FakeOpenAIServer.Replying(FakeOpenAIServer.Text("ok"));
        Configure(upstream, apiKeyEnv: "MP_TEST_KEY_UNSET_1");

        var result = await CliRunner.RunProcessAsync(new Dictionary<string, string>(), "chat", "--config", _folder.ConfigPath, "-m", "llama3.2", "hi");

        Assert.Equal((2, ""), (result.ExitCode, result.StdOut));
        // The listing's reason, passed on by the router, tells the user which variable to set.
        Assert.Equal(
            "host: No active provider serves 'llama3.2': Local is marked not working (the environment variable MP_TEST_KEY_UNSET_1 (apiKeyEnv) is empty or not set).\n",
            result.StdErr);
        Assert.Empty(upstream.ChatRequests);
    }

    [Fact]
    public async Task Serve_SystemAndHistoryWithSampling_SentAsRealMessagesAndTheKeyNeverInTheLog()
    {
        await using var upstream = FakeOpenAIServer.Replying([Sse.Role(), Sse.Content("4"), Sse.Finish("stop"), Sse.Usage(20, 1), Sse.Done]);
        Configure(upstream, apiKeyEnv: "MP_TEST_KEY_B");
        Environment.SetEnvironmentVariable("MP_TEST_KEY_B", Key);
        var log = new StringWriter();
        await using var server = await RunningServer.StartAsync(new HostSettings(_folder.ConfigPath), log);

        using var response = await server.PostChatAsync("""
            {"model":"best","stream":false,"temperature":0.25,"top_p":0.5,"max_tokens":12,"stop":["\n\n"],
             "messages":[{"role":"system","content":"Be terse."},{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello!"},{"role":"user","content":"2+2?"}]}
            """);
        var json = await RunningServer.ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("4", json.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        Assert.Equal("""{"prompt_tokens":20,"completion_tokens":1,"total_tokens":21}""", json.GetProperty("usage").GetRawText());
        var request = Assert.Single(upstream.ChatRequests);
        Assert.Equal($"Bearer {Key}", request.Headers["Authorization"]);
        var body = FakeOpenAIServer.Body(request);
        Assert.Equal("llama3.2", body.GetProperty("model").GetString());
        Assert.Equal(
            [("system", "Be terse."), ("user", "Hi"), ("assistant", "Hello!"), ("user", "2+2?")],
            Messages(body));
        Assert.Equal((0.25, 0.5, 12), (body.GetProperty("temperature").GetDouble(), body.GetProperty("top_p").GetDouble(), body.GetProperty("max_tokens").GetInt32()));
        Assert.Equal("""["\n\n"]""", body.GetProperty("stop").GetRawText());
        Assert.DoesNotContain(Key, log.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Key, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    public static TheoryData<int, string[], HttpStatusCode, string, string> Statuses => new()
    {
        { 401, [], HttpStatusCode.BadGateway, "upstream_failure", "Local answered HTTP 401: upstream says 401 (check the key in apiKeyEnv)" },
        { 403, [], HttpStatusCode.BadGateway, "upstream_failure", "Local answered HTTP 403: upstream says 403 (check the key in apiKeyEnv)" },
        { 429, ["Retry-After: 7"], HttpStatusCode.TooManyRequests, "rate_limited", "Local answered HTTP 429: upstream says 429; retry after 7 s" },
        { 500, [], HttpStatusCode.BadGateway, "upstream_failure", "Local answered HTTP 500: upstream says 500" },
        { 503, [], HttpStatusCode.ServiceUnavailable, "upstream_unavailable", "Local answered HTTP 503: upstream says 503" },
    };

    [Theory]
    [MemberData(nameof(Statuses))]
    public async Task UpstreamStatus_ThroughChatAndServe_ExitCodeOneLineWithTheUpstreamMessageAndHttpStatus(int status, string[] headers, HttpStatusCode httpStatus, string code, string message)
    {
        await using var upstream = FakeOpenAIServer.Failing(status, $"upstream says {status}", headers);
        Configure(upstream, apiKeyEnv: "MP_TEST_KEY_C");
        Environment.SetEnvironmentVariable("MP_TEST_KEY_C", Key);

        var result = await ChatAsync(null, "-m", "llama3.2", "hi");
        await using var server = await RunningServer.StartAsync(new HostSettings(_folder.ConfigPath), TextWriter.Null);
        using var response = await server.PostChatAsync(ChatCompletionsTests.ChatJson("llama3.2", stream: true));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal((1, "", $"host: {message}\n"), (result.ExitCode, result.StdOut, result.StdErr));
        Assert.Equal(httpStatus, response.StatusCode);
        var error = JsonDocument.Parse(body).RootElement.GetProperty("error");
        Assert.Equal((code, message), (error.GetProperty("code").GetString(), error.GetProperty("message").GetString()));
        Assert.Equal(status == 429 ? "7" : null, response.Headers.RetryAfter?.ToString());
        Assert.DoesNotContain(Key, body, StringComparison.Ordinal);
        // No retries were allowed: one upstream request for the chat and one for the server.
        Assert.Equal(2, upstream.ChatRequests.Count);
    }

    [Fact]
    public async Task UpstreamResetBeforeOutput_ChatExitsOneAndServeAnswers502()
    {
        await using var upstream = FakeOpenAIServer.Start(exchange =>
        {
            exchange.Reset();
            return Task.CompletedTask;
        }, "llama3.2");
        Configure(upstream);

        var result = await ChatAsync(null, "-m", "llama3.2", "hi");
        await using var server = await RunningServer.StartAsync(new HostSettings(_folder.ConfigPath), TextWriter.Null);
        using var response = await server.PostChatAsync(ChatCompletionsTests.ChatJson("llama3.2", stream: true));

        var message = $"Could not reach Local at {upstream.BaseUrl}/chat/completions: An error occurred while sending the request.";
        Assert.Equal((1, "", $"host: {message}\n"), (result.ExitCode, result.StdOut, result.StdErr));
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal(message, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task UpstreamStallsAfterHeaders_ChatExitsOneAndServeAnswers504()
    {
        await using var upstream = FakeOpenAIServer.Start(async exchange =>
        {
            await exchange.SendHeadAsync();
            await exchange.WaitForClientCloseAsync(TimeSpan.FromSeconds(30));
        }, "llama3.2");
        Configure(upstream, timeoutSeconds: 1);

        var result = await ChatAsync(null, "-m", "llama3.2", "hi");
        await using var server = await RunningServer.StartAsync(new HostSettings(_folder.ConfigPath), TextWriter.Null);
        using var response = await server.PostChatAsync(ChatCompletionsTests.ChatJson("llama3.2", stream: true));

        const string Message = "Local sent nothing for 1 s (timeoutSeconds); the request was abandoned.";
        Assert.Equal((1, "", $"host: {Message}\n"), (result.ExitCode, result.StdOut, result.StdErr));
        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Equal(("upstream_timeout", Message), (error.GetProperty("code").GetString(), error.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task ChatConversation_SecondTurn_ResendsTheWholeHistoryAndTheFileHoldsProviderAndModelWithoutParent()
    {
        var turn = 0;
        await using var upstream = FakeOpenAIServer.Start(async exchange =>
        {
            var text = Interlocked.Increment(ref turn) == 1 ? "Hello! 👋" : "Adiós.";
            await exchange.SendHeadAsync();
            await exchange.SendAsync(Encoding.UTF8.GetBytes(string.Concat(FakeOpenAIServer.Text(text))));
            await exchange.EndAsync();
        }, "llama3.2");
        Configure(upstream);

        var first = await ChatAsync(null, "-m", "llama", "--conversation", ConversationPath, "Say hello.");
        var second = await ChatAsync("Now goodbye in Spanish.", "--conversation", ConversationPath);

        Assert.Equal((0, "Hello! 👋", ""), (first.ExitCode, first.StdOut, first.StdErr));
        Assert.Equal((0, "Adiós.", ""), (second.ExitCode, second.StdOut, second.StdErr));
        var requests = upstream.ChatRequests;
        Assert.Equal(2, requests.Count);
        Assert.Equal([("user", "Say hello.")], Messages(FakeOpenAIServer.Body(requests[0])));
        Assert.Equal(
            [("user", "Say hello."), ("assistant", "Hello! 👋"), ("user", "Now goodbye in Spanish.")],
            Messages(FakeOpenAIServer.Body(requests[1])));
        Assert.Equal("llama3.2", FakeOpenAIServer.Body(requests[1]).GetProperty("model").GetString());
        var file = JsonDocument.Parse(await File.ReadAllTextAsync(ConversationPath)).RootElement;
        Assert.Equal("Local", file.GetProperty("provider").GetString());
        Assert.Equal("llama3.2", file.GetProperty("model").GetString());
        Assert.False(file.TryGetProperty("parent", out _));
        Assert.Equal(4, file.GetProperty("messages").GetArrayLength());
    }

    private static List<(string, string)> Messages(JsonElement body) =>
        [.. body.GetProperty("messages").EnumerateArray().Select(m => (m.GetProperty("role").GetString()!, m.GetProperty("content").GetString()!))];
}
