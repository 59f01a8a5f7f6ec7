using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using Providers.Abstractions;
using Providers.Host.Configuration;
using Providers.Host.Tests.Fakes;

namespace Providers.Host.Tests.Server;

/// <summary>
/// The official OpenAI Node SDK against the real server: tests/node-compat/compat.test.js runs under
/// <c>node --test</c> with the server's URL and must pass; the upstream side is checked here.
/// </summary>
public sealed class NodeSdkCompatibilityTests
{
    private readonly FakeProvider _fake = FakeProvider.Create("Fake", ["fake-1"], new Dictionary<string, string> { ["nick"] = "fake-1" });
    private readonly FakeProvider _limited = FakeProvider.Create("Limited", ["limited-1"]);
    private readonly TaskCompletionSource _hangCancelled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    [NodeCompatFact]
    public async Task OpenAINodeSdk_ModelsChatStreamAbortRateLimitAndResponses_AllPass()
    {
        Assert.True(NodeCompatProject.IsInstalled, NodeCompatProject.MissingPackagesMessage);
        _fake.StreamCallback = (request, token) => request.Messages[^1].Content == "hang"
            ? FakeProvider.TextThenHang("partial", _hangCancelled, token)
            : Echo(request, token);
        _limited.StreamCallback = (_, token) =>
            FakeProvider.Fail(new RateLimitedException("Limited", TimeSpan.FromSeconds(30), null, "Limited asked to slow down."), token);
        // The host may retry twice itself, but never waits longer than 5 s: a 30-s Retry-After goes back to the client.
        await using var server = await RunningServer.StartAsync(
            new FakeCatalog([FakeCatalog.Entry(_fake), FakeCatalog.Entry(_limited)], new Dictionary<string, string> { ["fast"] = "fake-1" }),
            routing: new RoutingOptions { MaxRetries = 2, MaxBackoffMilliseconds = 5_000 });

        var (exitCode, output) = await RunNodeTestsAsync(new Uri(server.BaseAddress, "v1"));

        Assert.True(exitCode == 0, $"node --test exited with {exitCode}:\n{output}");
        // Two 429s (plain and streamed), each one upstream request: neither the host nor the SDK retried.
        Assert.Equal(2, _limited.Calls);
        // Kestrel notices the closed connection on its own schedule; a generous deadline, not a sleep.
        await _hangCancelled.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>Answers <c>echo:TEXT|messages:N|parent:ID</c> in three pieces and keeps <c>up_TEXT</c> as its upstream id.</summary>
    private static async IAsyncEnumerable<ResponseItem> Echo(ChatRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var last = request.Messages[^1].Content;
        var reply = $"echo:{last}|messages:{request.Messages.Count}|parent:{request.Conversation?.Get("parent") ?? "-"}";
        foreach (var piece in new[] { reply[..5], reply[5..^3], reply[^3..] })
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            yield return new TextDelta(piece);
        }

        yield return new ConversationUpdate(new ConversationState
        {
            Provider = "Fake",
            Model = request.Model,
            Messages = [.. request.Messages, new ChatMessage(ChatRole.Assistant, reply)],
        }.With("parent", $"up_{last}"));
        yield return new FinishItem(FinishReason.Stop);
    }

    private static async Task<(int ExitCode, string Output)> RunNodeTestsAsync(Uri baseUrl)
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = NodeCompatProject.Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--test", "--test-reporter=spec", "compat.test.js" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PROVIDERS_BASE_URL"] = baseUrl.ToString();
        start.Environment["NO_COLOR"] = "1";
        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        try
        {
            process.Start();
        }
        catch (Win32Exception error)
        {
            Assert.Fail($"Cannot start node ({error.Message}): install Node.js 20+ and run `npm ci --prefix tests/node-compat`.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        // A generous deadline only so that a hung client fails the test instead of the whole run.
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Assert.Fail($"node --test did not finish within 2 minutes:\n{Read(output)}");
        }

        return (process.ExitCode, Read(output));
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Read(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
