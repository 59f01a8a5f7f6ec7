using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Providers.Bench;

/// <summary>
/// A fake Ai2 Playground on 127.0.0.1 (Kestrel, free port): every POST gets the same Era A body,
/// released as <see cref="Pacing"/> says, unless the prompt (the form's <c>content</c>) names a
/// scenario added with <see cref="AddScenario"/>. Counts what it sent so a run can check backpressure.
/// </summary>
internal sealed class FakeAi2Server : IAsyncDisposable
{
    public const string StreamPath = "/v4/message/stream";

    private readonly WebApplication _app;
    private readonly EraAStream _stream;
    private readonly Pacing _pacing;
    private readonly Dictionary<string, (EraAStream Stream, Pacing Pacing)> _scenarios = new(StringComparer.Ordinal);
    private long _requests;
    private long _completed;
    private long _bytesFlushed;
    private long _firstRequestTimestamp;
    private System.Collections.Concurrent.ConcurrentQueue<(long Arrived, long FormRead, long FirstChunk)>? _trace;

    private FakeAi2Server(WebApplication app, EraAStream stream, Pacing pacing)
    {
        _app = app;
        _stream = stream;
        _pacing = pacing;
    }

    public Uri Endpoint { get; private set; } = null!;

    public EraAStream Stream => _stream;

    public long Requests => Interlocked.Read(ref _requests);

    public long Completed => Interlocked.Read(ref _completed);

    /// <summary>Bytes the server's writes have handed to Kestrel and flushed (not necessarily read by the client).</summary>
    public long BytesFlushed => Interlocked.Read(ref _bytesFlushed);

    /// <summary><see cref="Stopwatch.GetTimestamp"/> when the first request's headers arrived; 0 before that.</summary>
    public long FirstRequestTimestamp => Interlocked.Read(ref _firstRequestTimestamp);

    /// <summary>Answers requests whose prompt is <paramref name="prompt"/> with this stream; add before sending them.</summary>
    public void AddScenario(string prompt, EraAStream stream, Pacing pacing) => _scenarios[prompt] = (stream, pacing);

    /// <summary>From now on, records per request when it arrived, when its form was read and when its first chunk line was flushed.</summary>
    public void StartTrace() => _trace = new();

    /// <summary>What was recorded since <see cref="StartTrace"/>; stops recording.</summary>
    public (long Arrived, long FormRead, long FirstChunk)[] StopTrace()
    {
        var trace = _trace;
        _trace = null;
        return trace?.ToArray() ?? [];
    }

    public void ResetCounters()
    {
        Interlocked.Exchange(ref _requests, 0);
        Interlocked.Exchange(ref _completed, 0);
        Interlocked.Exchange(ref _bytesFlushed, 0);
        Interlocked.Exchange(ref _firstRequestTimestamp, 0);
    }

    public static async Task<FakeAi2Server> StartAsync(EraAStream stream, Pacing pacing)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.Limits.MaxConcurrentConnections = null;
            kestrel.Limits.MaxRequestBodySize = null;
        });
        var app = builder.Build();
        var server = new FakeAi2Server(app, stream, pacing);
        app.Run(server.HandleAsync);
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Urls.First();
        server.Endpoint = new Uri(new Uri(address), StreamPath);
        return server;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var arrived = Stopwatch.GetTimestamp();
        Interlocked.CompareExchange(ref _firstRequestTimestamp, arrived, 0);
        Interlocked.Increment(ref _requests);
        var cancel = context.RequestAborted;
        var form = await context.Request.ReadFormAsync(cancel).ConfigureAwait(false);
        var formRead = Stopwatch.GetTimestamp();
        var (stream, pacing) = _scenarios.TryGetValue(form["content"].ToString(), out var scenario) ? scenario : (_stream, _pacing);

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/jsonl";
        var writer = context.Response.BodyWriter;
        var body = stream.Body;
        var ends = stream.LineEnds;
        var start = 0;
        for (var line = 0; line < ends.Length; line += pacing.LinesPerFlush)
        {
            var end = ends[Math.Min(line + pacing.LinesPerFlush, ends.Length) - 1];
            await writer.WriteAsync(body.AsMemory(start, end - start), cancel).ConfigureAwait(false);
            Interlocked.Add(ref _bytesFlushed, end - start);
            start = end;
            // The first flush that holds a chunk line (line 0 is the opening tree).
            if (line <= 1 && line + pacing.LinesPerFlush > 1 && _trace is { } trace)
            {
                trace.Enqueue((arrived, formRead, Stopwatch.GetTimestamp()));
            }

            if (pacing.Interval > TimeSpan.Zero && end < body.Length)
            {
                await Task.Delay(pacing.Interval, cancel).ConfigureAwait(false);
            }
        }

        Interlocked.Increment(ref _completed);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
