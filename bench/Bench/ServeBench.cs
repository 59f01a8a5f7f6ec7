using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Providers.Bench;

/// <summary>
/// <c>host serve</c> under concurrent streaming requests, against the same requests sent straight to
/// the fake upstream: time to first token, tokens per second, server memory per open stream,
/// backpressure from a client that stops reading, and every text exact.
/// </summary>
internal sealed class ServeBench(BenchPaths paths, Report report, bool quick) : IAsyncDisposable
{
    internal const string SlowClientPrompt = "slow client";
    internal const int SlowClientChunks = 400_000;

    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        MaxConnectionsPerServer = int.MaxValue,
    })
    { Timeout = Timeout.InfiniteTimeSpan };

    private readonly Dictionary<string, string> _expected = new(StringComparer.Ordinal);
    private FakeAi2Server? _fake;
    private EraAStream? _slowReply;
    private Process? _server;
    private Uri? _serverUri;

    public async Task RunAsync()
    {
        _fake = await FakeAi2Server.StartAsync(EraAStream.Create(20), Pacing.Fast).ConfigureAwait(false);
        await StartServerAsync().ConfigureAwait(false);

        // Paced like a model: one token per flush. Quick mode keeps the counts and drops the waiting.
        var paced100 = Scenario("paced 100", quick ? 50 : 200, new Pacing(1, TimeSpan.FromMilliseconds(quick ? 1 : 5)));
        var paced1000 = Scenario("paced 1000", quick ? 20 : 40, new Pacing(1, TimeSpan.FromMilliseconds(quick ? 5 : 50)));
        var fast = Scenario("fast", quick ? 2_000 : 10_000, Pacing.Fast);
        // Larger than any loopback socket buffers can hold, so only backpressure can stop the upstream.
        _slowReply = EraAStream.Create(SlowClientChunks);
        _fake.AddScenario(SlowClientPrompt, _slowReply, Pacing.Fast);

        // Warm both paths at the concurrency measured next, so each connection pool on the way
        // (bench → fake, bench → server, server → fake) holds as many connections as the measure
        // uses. Warmed with 10 streams, the first measured burst opened 90 connections on the direct
        // path but 180 through the server (90 of them from inside it, to the fake), and ran while the
        // server was still compiling its request path: a one-off start-up cost of a fresh process,
        // not what the server adds to a request under concurrency.
        // Five rounds, not one: the server's JIT keeps promoting methods to optimized code for its
        // first two to three thousand requests (counted with DOTNET_JitStdOutFile), and a server
        // under load has long left that behind.
        await CompareAsync("warm-up", paced100, 100, record: false, rounds: quick ? 1 : 5).ConfigureAwait(false);
        await CompareAsync("warm-up", fast, 20, record: false).ConfigureAwait(false);

        // Direct and through the server alternate, three times: the median of the three differences
        // is steadier on a shared machine than one pair of runs.
        await CompareAsync("100 streams", paced100, 100, record: !quick, rounds: quick ? 1 : 3).ConfigureAwait(false);
        var idleRss = ServerRssKiB();
        await CompareAsync("1,000 streams", paced1000, 1_000, record: !quick, sampleMemoryAgainst: idleRss).ConfigureAwait(false);
        await CompareAsync("throughput, 20 unpaced streams", fast, 20, record: !quick, rounds: quick ? 1 : 3).ConfigureAwait(false);
        await SlowClientAsync().ConfigureAwait(false);
    }

    private string Scenario(string name, int chunks, Pacing pacing)
    {
        var stream = EraAStream.Create(chunks);
        _fake!.AddScenario(name, stream, pacing);
        _expected[name] = stream.Text;
        return name;
    }

    private async Task CompareAsync(string label, string prompt, int streams, bool record, long? sampleMemoryAgainst = null, int rounds = 1)
    {
        var expected = _expected[prompt];
        var pairs = new List<(Batch Direct, Batch Via)>();
        for (var round = 0; round < rounds; round++)
        {
            var direct = await RunBatchAsync(prompt, streams, viaServer: false, sampleMemory: false).ConfigureAwait(false);
            var through = await RunBatchAsync(prompt, streams, viaServer: true, sampleMemory: sampleMemoryAgainst is not null).ConfigureAwait(false);
            report.Check(direct.Texts.All(text => text == expected) && direct.Texts.Count == streams, $"serve {label}: direct to the fake, {direct.Texts.Count(text => text == expected)}/{streams} texts exact");
            report.Check(through.Texts.All(text => text == expected) && through.Texts.Count == streams, $"serve {label}: through host serve, {through.Texts.Count(text => text == expected)}/{streams} texts exact");
            pairs.Add((direct, through));
        }

        if (!record)
        {
            return;
        }

        // Each round's difference first, then the median over rounds (with one round: that round).
        var rows = pairs.Select(pair =>
        {
            var directTtft = new Sample(pair.Direct.FirstTokenMs);
            var viaTtft = new Sample(pair.Via.FirstTokenMs);
            return (AddedP50: viaTtft.Median - directTtft.Median, AddedP99: viaTtft.Percentile(0.99) - directTtft.Percentile(0.99),
                DirectP50: directTtft.Median, DirectP99: directTtft.Percentile(0.99),
                Ratio: pair.Via.TokensPerSecond / pair.Direct.TokensPerSecond, pair.Via.TokensPerSecond, DirectTokensPerSecond: pair.Direct.TokensPerSecond);
        }).ToList();
        var addedP50 = new Sample(rows.Select(r => r.AddedP50)).Median;
        var addedP99 = new Sample(rows.Select(r => r.AddedP99)).Median;
        var of = rounds > 1 ? $"; median of {rounds} alternating rounds (p99s {string.Join(", ", rows.Select(r => Report.Ms(r.AddedP99)))})" : "";
        report.Add($"serve {label}: added time to first token p50 / p99", $"{Report.Ms(addedP50)} / {Report.Ms(addedP99)}",
            $"direct p50 {Report.Ms(new Sample(rows.Select(r => r.DirectP50)).Median)}, p99 {Report.Ms(new Sample(rows.Select(r => r.DirectP99)).Median)}{of}", "",
            streams == 100 ? "p99 < 5 ms" : "reported", streams == 100 ? addedP99 < 5 : null);
        var ratio = new Sample(rows.Select(r => r.Ratio)).Median;
        report.Add($"serve {label}: tokens/s", Report.Number(new Sample(rows.Select(r => r.TokensPerSecond)).Median),
            $"direct {Report.Number(new Sample(rows.Select(r => r.DirectTokensPerSecond)).Median)}", Report.Ratio(ratio), "≥ 0.50×", ratio >= 0.5);
        // Load-independent where latency is not: what each streamed token cost the server, all its work included.
        var cpuPerToken = new Sample(pairs.Select(pair => pair.Via.ServerCpuMs * 1000.0 / pair.Via.Tokens)).Median;
        report.Add($"serve {label}: server CPU per streamed token", $"{Report.Number(cpuPerToken, "0.0")} µs",
            $"{pairs[^1].Via.ServerCpuMs} ms for {pairs[^1].Via.Tokens} tokens", "", "reported", null);
        // The ratio's other side: the fake and the clients run on the same two cores, and a client of
        // the server parses OpenAI chunks, several times the bytes of the upstream's lines.
        var benchDirect = new Sample(pairs.Select(pair => pair.Direct.BenchCpuMs * 1000.0 / pair.Direct.Tokens)).Median;
        var benchVia = new Sample(pairs.Select(pair => pair.Via.BenchCpuMs * 1000.0 / pair.Via.Tokens)).Median;
        report.Add($"serve {label}: bench's own CPU per token (fake + clients)", $"{Report.Number(benchVia, "0.0")} µs through the server",
            $"{Report.Number(benchDirect, "0.0")} µs direct", "", "reported", null);
        var via = pairs[^1].Via;
        if (sampleMemoryAgainst is { } idle && via.PeakRssKiB > 0)
        {
            var perStream = (via.PeakRssKiB - idle) / (double)streams;
            report.Add($"serve {label}: server memory per open stream", $"{Report.Number(perStream, "0.0")} KiB", $"idle RSS {Report.Number(idle / 1024.0, "0.0")} MiB, peak {Report.Number(via.PeakRssKiB / 1024.0, "0.0")} MiB", "", "< 40 KiB", perStream < 40);
        }
    }

    private async Task<Batch> RunBatchAsync(string prompt, int streams, bool viaServer, bool sampleMemory)
    {
        var open = 0;
        var cpuBefore = viaServer ? ServerCpuMs() : 0;
        var benchCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var began = Stopwatch.GetTimestamp();
        var tasks = Enumerable.Range(0, streams).Select(_ => Task.Run(() => viaServer ? StreamViaServerAsync(prompt, () => Interlocked.Increment(ref open)) : StreamDirectAsync(prompt))).ToArray();
        long peak = 0;
        if (sampleMemory)
        {
            // Sample while the streams are held open: from the moment all have their first token.
            var all = Task.WhenAll(tasks);
            while (!all.IsCompleted)
            {
                if (Volatile.Read(ref open) == streams)
                {
                    peak = Math.Max(peak, ServerRssKiB());
                }

                await Task.WhenAny(all, Task.Delay(50)).ConfigureAwait(false);
            }
        }

        var results = await Task.WhenAll(tasks).ConfigureAwait(false);
        var seconds = Stopwatch.GetElapsedTime(began).TotalSeconds;
        var tokens = results.Sum(result => result.Tokens);
        var cpuMs = viaServer ? ServerCpuMs() - cpuBefore : 0;
        var benchCpuMs = (Process.GetCurrentProcess().TotalProcessorTime - benchCpuBefore).TotalMilliseconds;
        return new Batch([.. results.Select(result => result.Text)], [.. results.Select(result => result.FirstTokenMs)], tokens / seconds, peak, cpuMs, tokens, benchCpuMs);
    }

    private async Task<StreamResult> StreamDirectAsync(string prompt)
    {
        using var content = new MultipartFormDataContent { { new StringContent(prompt), "content" }, { new StringContent("tulu3-405b"), "model" } };
        using var request = new HttpRequestMessage(HttpMethod.Post, _fake!.Endpoint) { Content = content };
        return await ReadLinesAsync(request, line =>
        {
            using var document = JsonDocument.Parse(line);
            return document.RootElement.TryGetProperty("message", out _) && document.RootElement.TryGetProperty("content", out var text) ? text.GetString() : null;
        }, onFirstToken: null).ConfigureAwait(false);
    }

    private async Task<StreamResult> StreamViaServerAsync(string prompt, Action? onFirstToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_serverUri!, "/v1/chat/completions"))
        {
            Content = new StringContent(JsonSerializer.Serialize(new { model = "tulu3-405b", stream = true, messages = new[] { new { role = "user", content = prompt } } }), Encoding.UTF8, "application/json"),
        };
        return await ReadLinesAsync(request, ServeProcess.DeltaText, onFirstToken).ConfigureAwait(false);
    }

    private async Task<StreamResult> ReadLinesAsync(HttpRequestMessage request, Func<string, string?> textOf, Action? onFirstToken)
    {
        var began = Stopwatch.GetTimestamp();
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return new StreamResult($"HTTP {(int)response.StatusCode}", double.NaN, 0);
        }

        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync().ConfigureAwait(false), Encoding.UTF8);
        var text = new StringBuilder();
        var firstToken = double.NaN;
        var tokens = 0;
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            if (line.Length > 0 && textOf(line) is { Length: > 0 } piece)
            {
                if (tokens++ == 0)
                {
                    firstToken = Stopwatch.GetElapsedTime(began).TotalMilliseconds;
                    onFirstToken?.Invoke();
                }

                text.Append(piece);
            }
        }

        return new StreamResult(text.ToString(), firstToken, tokens);
    }

    /// <summary>
    /// A client that reads the headers and then stops: the server must stop reading the upstream
    /// (bounded buffers), not hold the whole 100k-chunk reply; once the client reads again, the
    /// text must arrive whole.
    /// </summary>
    private async Task SlowClientAsync()
    {
        var body = _slowReply!;
        _fake!.ResetCounters();
        var rssBefore = ServerRssKiB();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_serverUri!, "/v1/chat/completions"))
        {
            Content = new StringContent(JsonSerializer.Serialize(new { model = "tulu3-405b", stream = true, messages = new[] { new { role = "user", content = SlowClientPrompt } } }), Encoding.UTF8, "application/json"),
        };
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);

        // Wait until the upstream stops making progress (its writes block on full buffers), or it finishes.
        var deadline = Stopwatch.GetTimestamp() + (Stopwatch.Frequency * 60);
        long last = -1;
        var stableSince = Stopwatch.GetTimestamp();
        while (Stopwatch.GetTimestamp() < deadline && _fake.Completed == 0)
        {
            var now = _fake.BytesFlushed;
            if (now != last)
            {
                last = now;
                stableSince = Stopwatch.GetTimestamp();
            }
            else if (Stopwatch.GetElapsedTime(stableSince) > TimeSpan.FromSeconds(1))
            {
                break;
            }

            await Task.Delay(100).ConfigureAwait(false);
        }

        var flushed = _fake.BytesFlushed;
        var stalled = _fake.Completed == 0;
        var grown = ServerRssKiB() - rssBefore;
        var bodyBytes = body.Body.Length;
        // What the upstream sent beyond the server's growth sits in the kernel's socket buffers.
        report.Check(stalled && grown * 1024 < bodyBytes / 4,
            $"serve slow client: upstream paused at {flushed / 1024} KiB of {bodyBytes / 1024} KiB while the client did not read (server RSS grew {grown} KiB)");

        using var reader = new StreamReader(stream, Encoding.UTF8);
        var text = new StringBuilder();
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            text.Append(ServeProcess.DeltaText(line));
        }

        report.Check(text.ToString() == body.Text, "serve slow client: the whole text arrived exact once the client read again");
        if (!quick)
        {
            report.Add("serve slow client: upstream stalls; server RSS growth", $"sent {flushed / 1024} KiB, RSS +{grown} KiB", $"reply {bodyBytes / 1024} KiB", Report.Ratio(grown * 1024.0 / bodyBytes), "bounded (backpressure)", stalled && grown * 1024 < bodyBytes / 4);
        }

    }

    private async Task StartServerAsync() =>
        (_server, _serverUri) = await ServeProcess.StartAsync(paths.HostApphost, _fake!.Endpoint, _http, []).ConfigureAwait(false);

    private long ServerCpuMs() => ServeProcess.CpuMs(_server!);

    private long ServerRssKiB() =>
        long.TryParse(ServeProcess.Status(_server!, "VmRSS").TrimEnd("kB".ToCharArray()).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var kib) ? kib : 0;

    public async ValueTask DisposeAsync()
    {
        if (_server is { HasExited: false })
        {
            _server.Kill();
            await _server.WaitForExitAsync().ConfigureAwait(false);
        }

        _server?.Dispose();
        _http.Dispose();
        if (_fake is not null)
        {
            await _fake.DisposeAsync().ConfigureAwait(false);
        }
    }

    private sealed record StreamResult(string Text, double FirstTokenMs, int Tokens);

    // ServerCpuMs: user and system CPU the server used during the batch (through the server only), 10 ms resolution.
    /// <summary>One batch's texts, first-token times and rates; <c>BenchCpuMs</c> is this process's CPU over it (the fake and the clients).</summary>
    private sealed record Batch(List<string> Texts, List<double> FirstTokenMs, double TokensPerSecond, long PeakRssKiB, long ServerCpuMs, int Tokens, double BenchCpuMs);
}
