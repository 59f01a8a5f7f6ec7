using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using OpenAI.Chat;
using Providers.Abstractions;
using Providers.Host.Server;
using Providers.Host.Tests.Fakes;

namespace Providers.Host.Tests.Server;

/// <summary>
/// When streamed events leave the server: everything written goes out as soon as the provider's next
/// item is not ready (so nothing waits in a buffer while the provider does), and a long burst of
/// ready items still arrives whole.
/// </summary>
public sealed class StreamSendingTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private readonly FakeProvider _provider = FakeProvider.Create("Fake", ["fake-1"]);

    [Fact]
    public async Task ChatStream_ProviderWaitsAfterTwoReadyTokens_ClientHasBothBeforeItGoesOn()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _provider.StreamCallback = (_, token) => ReadyThenGated(["a", "b"], gate, ["c"], token);
        await using var server = await RunningServer.StartAsync(FakeCatalog.Of(_provider));
        using var deadline = new CancellationTokenSource(Deadline);

        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
        {
            Content = new StringContent("""{"model":"fake-1","stream":true,"messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"),
        };
        using var response = await server.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
        await using var body = await response.Content.ReadAsStreamAsync(deadline.Token);

        // The provider is parked at the gate: the role chunk and both tokens must already have been sent.
        var before = await ReadUntilAsync(body, "\"content\":\"b\"", deadline.Token);
        Assert.Equal(["", "a", "b"], Contents(before));
        Assert.False(gate.Task.IsCompleted);

        gate.SetResult();
        var rest = await new StreamReader(body, Encoding.UTF8).ReadToEndAsync(deadline.Token);
        var all = before + rest;
        Assert.Equal(["", "a", "b", "c"], Contents(all));
        Assert.EndsWith("\n\ndata: [DONE]\n\n", all, StringComparison.Ordinal);
        var last = all.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)[^2];
        Assert.Equal("stop", JsonDocument.Parse(last["data: ".Length..]).RootElement.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
    }

    [Fact]
    public async Task ResponsesStream_ProviderWaitsAfterAReadyToken_ClientHasItsDeltaBeforeItGoesOn()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _provider.StreamCallback = (_, token) => ReadyThenGated(["a"], gate, ["b"], token);
        await using var server = await RunningServer.StartAsync(FakeCatalog.Of(_provider));
        using var deadline = new CancellationTokenSource(Deadline);

        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/responses")
        {
            Content = new StringContent("""{"model":"fake-1","stream":true,"input":"hi"}""", Encoding.UTF8, "application/json"),
        };
        using var response = await server.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
        await using var body = await response.Content.ReadAsStreamAsync(deadline.Token);

        var before = await ReadUntilAsync(body, "\"delta\":\"a\"", deadline.Token);
        Assert.StartsWith("event: response.created\n", before, StringComparison.Ordinal);
        Assert.False(gate.Task.IsCompleted);

        gate.SetResult();
        var all = before + await new StreamReader(body, Encoding.UTF8).ReadToEndAsync(deadline.Token);
        Assert.Contains("event: response.output_text.delta\ndata: {", all, StringComparison.Ordinal);
        Assert.Contains("\"delta\":\"b\"", all, StringComparison.Ordinal);
        Assert.EndsWith("\n\n", all, StringComparison.Ordinal);
        Assert.Contains("event: response.completed\n", all, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChatStream_BurstOfReadyTokensFarBeyondTheSendThreshold_ArrivesExactly()
    {
        // Every token is ready at once: only the writer's own threshold sends anything before the end.
        var pieces = Enumerable.Range(0, 20_000).Select(i => $"{i} é🌍\n").ToArray();
        _provider.StreamCallback = (_, token) => Ready(pieces, token);
        await using var server = await RunningServer.StartAsync(FakeCatalog.Of(_provider));

        var text = new StringBuilder();
        await foreach (var update in server.ChatClient("fake-1").CompleteChatStreamingAsync([new UserChatMessage("hi")]))
        {
            text.Append(string.Concat(update.ContentUpdate.Select(p => p.Text)));
        }

        Assert.True(Encoding.UTF8.GetByteCount(text.ToString()) > 10 * SseWriter.MaxUnsentBytes);
        Assert.Equal(string.Concat(pieces), text.ToString());
    }

    /// <summary>Reads until <paramref name="marker"/> has arrived; the deadline fails the test if it never does.</summary>
    private static async Task<string> ReadUntilAsync(Stream body, string marker, CancellationToken cancellationToken)
    {
        var received = new MemoryStream();
        var buffer = new byte[4096];
        while (!Encoding.UTF8.GetString(received.GetBuffer(), 0, (int)received.Length).Contains(marker, StringComparison.Ordinal))
        {
            var read = await body.ReadAsync(buffer, cancellationToken);
            Assert.True(read > 0, $"The stream ended before '{marker}' arrived.");
            received.Write(buffer, 0, read);
        }

        return Encoding.UTF8.GetString(received.GetBuffer(), 0, (int)received.Length);
    }

    private static List<string?> Contents(string sse) =>
        [.. sse.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Where(e => e.StartsWith("data: {", StringComparison.Ordinal))
            .Select(e => JsonDocument.Parse(e["data: ".Length..]).RootElement.GetProperty("choices")[0].GetProperty("delta"))
            .Where(d => d.TryGetProperty("content", out _))
            .Select(d => d.GetProperty("content").GetString())];

    private static async IAsyncEnumerable<ResponseItem> ReadyThenGated(string[] ready, TaskCompletionSource gate, string[] after,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var piece in ready)
        {
            yield return new TextDelta(piece);
        }

        await gate.Task.WaitAsync(cancellationToken);
        foreach (var piece in after)
        {
            yield return new TextDelta(piece);
        }

        yield return new FinishItem(FinishReason.Stop);
    }

#pragma warning disable CS1998 // Never waits: every item is ready when asked for.
    private static async IAsyncEnumerable<ResponseItem> Ready(string[] pieces, [EnumeratorCancellation] CancellationToken cancellationToken = default)
#pragma warning restore CS1998
    {
        foreach (var piece in pieces)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return new TextDelta(piece);
        }

        yield return new FinishItem(FinishReason.Stop);
    }
}
