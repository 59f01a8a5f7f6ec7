using System.Globalization;
using System.Text;
using System.Text.Json;
using Providers.AllenAI.Tests.Fakes;
using Providers.Host.Cli;

namespace Providers.Host.Tests.Cli;

/// <summary><c>host chat</c> with the real AllenAI plugin loaded from its folder, against a fake Ai2 backend.</summary>
public sealed class ChatEndToEndTests : IDisposable
{
    private const string NewThreadText = "Hello! Here it is in three languages:\n\n- English: Hello\n- Français: Bonjour\n- 日本語: こんにちは 👋\u2028(end)";

    private readonly TempPluginsFolder _folder = new TempPluginsFolder().AddAllenAI();

    public void Dispose() => _folder.Dispose();

    private string ConversationPath => Path.Combine(_folder.Root, "conversation.json");

    private void PointAllenAIAt(Uri endpoint, int timeoutSeconds = 10) => _folder.WriteConfig($$"""
        {
          "pluginsPath": "plugins",
          "providers": { "AllenAI": { "apiEndpoint": "{{endpoint}}", "protocol": "message-stream", "timeoutSeconds": {{timeoutSeconds}} } },
          "routing": { "maxRetries": 0 }
        }
        """);

    private Task<CliResult> ChatAsync(string? standardInput, params string[] args) =>
        CliRunner.RunAsync(
            [new ChatCommand(() => new StringReader(standardInput ?? ""), outputIsTerminal: false)],
            ["chat", "--config", _folder.ConfigPath, .. args]);

    private static Func<Microsoft.AspNetCore.Http.HttpContext, RecordedRequest, Task> Replay(params string[] fixtures)
    {
        var next = 0;
        return (context, _) =>
        {
            var fixture = fixtures[Math.Min(Interlocked.Increment(ref next) - 1, fixtures.Length - 1)];
            return KestrelAi2Server.Respond(200, FixtureFile.Read(fixture))(context, null!);
        };
    }

    [Fact]
    public async Task Chat_AliasOfTwoLevels_SendsRealIdAndHostAndStreamsTextByteExact()
    {
        await using var server = await KestrelAi2Server.StartAsync(Replay("era-a-new-thread.jsonl"));
        PointAllenAIAt(server.MessageStreamEndpoint);

        var result = await ChatAsync(null, "-m", "llama-3.1-405b", "Say hello in three languages.");

        Assert.Equal((0, NewThreadText, ""), (result.ExitCode, result.StdOut, result.StdErr));
        var request = Assert.Single(server.Requests);
        Assert.Equal("tulu3-405b", request.Single("model"));
        Assert.Equal("inferd", request.Single("host"));
        Assert.Equal("Say hello in three languages.", request.Single("content"));
        Assert.Equal("true", request.Single("private"));
        Assert.Null(request.Single("parent"));
        Assert.True(Guid.TryParse(request.Headers["X-Anonymous-User-ID"], out _));
    }

    [Fact]
    public async Task Chat_Conversation_RoundTripsParentAndAnonymousIdAndWholeReplies()
    {
        await using var server = await KestrelAi2Server.StartAsync(Replay("era-a-new-thread.jsonl", "era-a-follow-up.jsonl"));
        PointAllenAIAt(server.MessageStreamEndpoint);

        var first = await ChatAsync(null, "-m", "tulu3-405b", "--conversation", ConversationPath, "Say hello in three languages.");
        var second = await ChatAsync("Thanks! Now say goodbye in Spanish.", "--conversation", ConversationPath);

        Assert.Equal((0, NewThreadText), (first.ExitCode, first.StdOut));
        Assert.Equal((0, "You're welcome! Adiós y hasta luego 🙂", ""), (second.ExitCode, second.StdOut, second.StdErr));
        var requests = server.Requests.ToArray();
        var anonymousId = requests[0].Headers["X-Anonymous-User-ID"];
        Assert.Equal(anonymousId, requests[1].Headers["X-Anonymous-User-ID"]);
        Assert.Equal("msg_V8C1M5X2R7", requests[1].Single("parent"));
        Assert.Equal("Thanks! Now say goodbye in Spanish.", requests[1].Single("content"));

        using var saved = JsonDocument.Parse(await File.ReadAllBytesAsync(ConversationPath));
        var root = saved.RootElement;
        Assert.Equal(
            ["provider", "model", "parent", "x_anonymous_user_id", "messages"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("AllenAI", root.GetProperty("provider").GetString());
        Assert.Equal("tulu3-405b", root.GetProperty("model").GetString());
        Assert.Equal("msg_S5E3J8F1Z6", root.GetProperty("parent").GetString());
        Assert.Equal(anonymousId, root.GetProperty("x_anonymous_user_id").GetString());
        Assert.Equal(
            ["user", "Say hello in three languages.", "assistant", NewThreadText,
             "user", "Thanks! Now say goodbye in Spanish.", "assistant", "You're welcome! Adiós y hasta luego 🙂"],
            root.GetProperty("messages").EnumerateArray()
                .SelectMany(m => new[] { m.GetProperty("role").GetString(), m.GetProperty("content").GetString() }));
    }

    [Fact]
    public async Task Chat_MidStreamError_PrintsPartialTextExitsOneAndLeavesConversationByteIdentical()
    {
        await using var server = await KestrelAi2Server.StartAsync(Replay("era-a-new-thread.jsonl", "era-a-midstream-error.jsonl"));
        PointAllenAIAt(server.MessageStreamEndpoint);
        Assert.Equal(0, (await ChatAsync(null, "-m", "tulu3-405b", "--conversation", ConversationPath, "hi")).ExitCode);
        var before = await File.ReadAllBytesAsync(ConversationPath);

        var result = await ChatAsync(null, "--conversation", ConversationPath, "Explain how to bake bread.");

        Assert.Equal((1, "Sure. The first step is"), (result.ExitCode, result.StdOut));
        var line = Assert.Single(result.StdErrLines);
        Assert.StartsWith("host: ", line, StringComparison.Ordinal);
        Assert.Contains("grpc inference failed", line, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(ConversationPath));
        Assert.Equal(["conversation.json"], Directory.GetFiles(_folder.Root, "*conversation*").Select(Path.GetFileName));
    }

    [Fact]
    public async Task Chat_UpstreamRejects_ExitsOneWithTheServersMessageOnOneLine()
    {
        const string Body = """{"error": {"code": 400, "message": "Invalid model/host combination OLMo-2-1124-13B-Instruct/inferd"}}""";
        await using var server = await KestrelAi2Server.StartAsync(KestrelAi2Server.Respond(400, Body, "application/json"));
        PointAllenAIAt(server.MessageStreamEndpoint);

        var result = await ChatAsync(null, "-m", "olmo-2-13b", "hi");

        Assert.Equal((1, ""), (result.ExitCode, result.StdOut));
        var line = Assert.Single(result.StdErrLines);
        Assert.Contains("Invalid model/host combination OLMo-2-1124-13B-Instruct/inferd", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_SamplingOptionsUnderGermanCulture_ReachUpstreamInvariant()
    {
        await using var server = await KestrelAi2Server.StartAsync(Replay("era-a-new-thread.jsonl"));
        PointAllenAIAt(server.MessageStreamEndpoint);
        var culture = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            var result = await ChatAsync(null, "-m", "tulu3-405b", "--temperature", "0.7", "--top-p", "0.95", "--max-tokens", "256", "hi");

            Assert.Equal(0, result.ExitCode);
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }

        var request = Assert.Single(server.Requests);
        Assert.Equal(("0.7", "0.95", "256"), (request.Single("temperature"), request.Single("top_p"), request.Single("max_tokens")));
    }

    [Fact]
    public async Task Chat_OutOfRangeTemperature_ExitsTwoWithoutSendingAnything()
    {
        await using var server = await KestrelAi2Server.StartAsync(Replay("era-a-new-thread.jsonl"));
        PointAllenAIAt(server.MessageStreamEndpoint);

        var result = await ChatAsync(null, "-m", "tulu3-405b", "--temperature", "1.5", "hi");

        Assert.Equal((2, ""), (result.ExitCode, result.StdOut));
        Assert.Contains("temperature", Assert.Single(result.StdErrLines), StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Chat_Thinking_GoesToStandardErrorOnlyWhenAsked()
    {
        await using var server = await KestrelAi2Server.StartAsync(Replay("era-b-typed.jsonl"));
        PointAllenAIAt(server.MessageStreamEndpoint);

        var hidden = await ChatAsync(null, "-m", "tulu3-405b", "What is 17 times 23?");
        var shown = await ChatAsync(null, "-m", "tulu3-405b", "--thinking", "What is 17 times 23?");

        const string Answer = "17 × 23 = **391**\n\n(340 + 51)";
        Assert.Equal((0, Answer, ""), (hidden.ExitCode, hidden.StdOut, hidden.StdErr));
        Assert.Equal((0, Answer), (shown.ExitCode, shown.StdOut));
        Assert.Equal("The user asks for 17 × 23. 17×20=340, 17×3=51, total 391.\n", shown.StdErr);
    }

    [Fact]
    public async Task Chat_Interrupted_ExitsOneThirtyClosesUpstreamAndKeepsConversation()
    {
        var closed = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var lines = Encoding.UTF8.GetString(FixtureFile.Read("era-a-new-thread.jsonl")).Split('\n');
        await using var server = new RawHttpServer(async exchange =>
        {
            await exchange.SendHeadAsync();
            await exchange.SendAsync(Encoding.UTF8.GetBytes(lines[0] + "\n" + lines[1] + "\n"));
            closed.SetResult(await exchange.WaitForClientCloseAsync(TimeSpan.FromSeconds(30)));
        });
        PointAllenAIAt(server.Endpoint);
        await File.WriteAllTextAsync(ConversationPath, "{ \"kept\": true }");
        var before = await File.ReadAllBytesAsync(ConversationPath);
        using var interrupt = new CancellationTokenSource();
        using var output = new FirstWriteSignal(interrupt);
        using var error = new StringWriter();

        // The stored file is not a conversation: chat must refuse it before sending (exit 2), so use a fresh one.
        var exitCode = await HostCommandLine.RunAsync(
            [new ChatCommand(() => new StringReader(""), outputIsTerminal: false)],
            ["chat", "--config", _folder.ConfigPath, "-m", "tulu3-405b", "--conversation", Path.Combine(_folder.Root, "new.json"), "hi"],
            output, error, interrupt.Token);

        Assert.Equal(130, exitCode);
        Assert.Equal("Hello", output.ToString());
        Assert.Equal("host: interrupted\n", error.ToString());
        Assert.True(await closed.Task.WaitAsync(TimeSpan.FromSeconds(5)), "the upstream connection stayed open");
        Assert.False(File.Exists(Path.Combine(_folder.Root, "new.json")));
        Assert.Equal(before, await File.ReadAllBytesAsync(ConversationPath));
    }

    [Fact]
    public async Task Chat_RealProcess_WritesUtf8ReplyToStandardOutput()
    {
        await using var server = await KestrelAi2Server.StartAsync(Replay("era-a-new-thread.jsonl"));
        PointAllenAIAt(server.MessageStreamEndpoint);

        var result = await CliRunner.RunProcessAsync(new Dictionary<string, string>(), "chat", "--config", _folder.ConfigPath, "-m", "tulu3-405b", "hi");

        Assert.Equal((0, NewThreadText, ""), (result.ExitCode, result.StdOut, result.StdErr));
    }

    /// <summary>Captures standard output and presses Ctrl+C (cancels) as soon as the first text arrives.</summary>
    private sealed class FirstWriteSignal(CancellationTokenSource interrupt) : StringWriter
    {
        public override Task WriteAsync(string? value)
        {
            Write(value);
            interrupt.Cancel();
            return Task.CompletedTask;
        }
    }
}
