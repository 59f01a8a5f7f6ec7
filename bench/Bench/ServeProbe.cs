using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Providers.Bench;

/// <summary>
/// Where time to first token goes under concurrency: one batch of paced streams straight to the fake,
/// then the same batch through each given <c>host serve</c> build, repeated, interleaved. Per batch it
/// prints, relative to the batch's start (all streams start together), when requests reached the fake,
/// when the fake flushed their first token, and when the client read it.
/// </summary>
/// <remarks><c>Bench --only probe [--streams 100] [--rounds 5] [--host DIR]...</c>; the hosts default to this tree's build.</remarks>
internal sealed class ServeProbe(IReadOnlyList<string> hostDirectories, int streams, int rounds, int chunks = 200, int intervalMs = 5) : IAsyncDisposable
{
    private const string _prompt = "probe";

    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        MaxConnectionsPerServer = int.MaxValue,
    })
    { Timeout = Timeout.InfiniteTimeSpan };

    private readonly List<(string Name, Process Process, Uri Uri)> _servers = [];
    private FakeAi2Server? _fake;
    private string _expected = "";

    public async Task RunAsync()
    {
        var stream = EraAStream.Create(chunks);
        _expected = stream.Text;
        _fake = await FakeAi2Server.StartAsync(stream, intervalMs == 0 ? Pacing.Fast : new Pacing(1, TimeSpan.FromMilliseconds(intervalMs))).ConfigureAwait(false);
        foreach (var directory in hostDirectories)
        {
            _servers.Add(await StartServerAsync(directory).ConfigureAwait(false));
        }

        await BatchAsync("warm-up direct", null, 10).ConfigureAwait(false);
        foreach (var server in _servers)
        {
            await BatchAsync("warm-up " + server.Name, server.Uri, 10).ConfigureAwait(false);
        }

        Console.WriteLine("batch | ttft p50 / p99 | fake arrival p50 / p99 | form read p50 / p99 | fake first token p50 / p99 | client first token p50 / p99 (ms since batch start)");
        for (var round = 0; round < rounds; round++)
        {
            await BatchAsync("direct", null, streams).ConfigureAwait(false);
            foreach (var server in _servers)
            {
                await BatchAsync(server.Name, server.Uri, streams).ConfigureAwait(false);
            }
        }
    }

    private async Task BatchAsync(string label, Uri? server, int count)
    {
        var process = _servers.FirstOrDefault(s => s.Uri == server).Process;
        var cpuBefore = process is null ? 0 : ServeProcess.CpuMs(process);
        _fake!.StartTrace();
        var began = Stopwatch.GetTimestamp();
        var tasks = Enumerable.Range(0, count).Select(_ => Task.Run(() => StreamAsync(server))).ToArray();
        var results = await Task.WhenAll(tasks).ConfigureAwait(false);
        var wall = Stopwatch.GetElapsedTime(began).TotalMilliseconds;
        var trace = _fake.StopTrace();
        var cpu = process is null ? "" : $" | server CPU {(ServeProcess.CpuMs(process) - cpuBefore)} ms, {ServeProcess.Status(process, "Threads")} threads";
        var exact = results.Count(result => result.Text == _expected);
        double Ms(long timestamp) => (timestamp - began) * 1000.0 / Stopwatch.Frequency;
        string Pair(IEnumerable<double> values)
        {
            var sample = new Sample(values);
            return $"{sample.Median,6:0.0} / {sample.Percentile(0.99),6:0.0}";
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label,-28} | {Pair(results.Select(r => Ms(r.FirstToken) - Ms(r.Began)))} | {Pair(trace.Select(t => Ms(t.Arrived)))} | {Pair(trace.Select(t => Ms(t.FormRead)))} | {Pair(trace.Select(t => Ms(t.FirstChunk)))} | {Pair(results.Select(r => Ms(r.FirstToken)))}{cpu} | batch {wall:0} ms{(exact == count ? "" : $" | {exact}/{count} exact")}"));
    }

    private async Task<(string Text, long Began, long FirstToken)> StreamAsync(Uri? server)
    {
        var began = Stopwatch.GetTimestamp();
        HttpRequestMessage request;
        Func<string, string?> textOf;
        if (server is null)
        {
            request = new HttpRequestMessage(HttpMethod.Post, _fake!.Endpoint)
            {
                Content = new MultipartFormDataContent { { new StringContent(_prompt), "content" }, { new StringContent("tulu3-405b"), "model" } },
            };
            textOf = line =>
            {
                using var document = JsonDocument.Parse(line);
                return document.RootElement.TryGetProperty("message", out _) && document.RootElement.TryGetProperty("content", out var text) ? text.GetString() : null;
            };
        }
        else
        {
            request = new HttpRequestMessage(HttpMethod.Post, new Uri(server, "/v1/chat/completions"))
            {
                Content = new StringContent(JsonSerializer.Serialize(new { model = "tulu3-405b", stream = true, messages = new[] { new { role = "user", content = _prompt } } }), Encoding.UTF8, "application/json"),
            };
            textOf = ServeProcess.DeltaText;
        }

        using (request)
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync().ConfigureAwait(false), Encoding.UTF8);
            var text = new StringBuilder();
            long first = 0;
            while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                if (line.Length > 0 && textOf(line) is { Length: > 0 } piece)
                {
                    if (first == 0)
                    {
                        first = Stopwatch.GetTimestamp();
                    }

                    text.Append(piece);
                }
            }

            return (text.ToString(), began, first);
        }
    }

    /// <summary>Starts <c>host serve</c> from <paramref name="spec"/>: a build directory, then optional <c>|NAME=VALUE</c> environment settings.</summary>
    private async Task<(string Name, Process Process, Uri Uri)> StartServerAsync(string spec)
    {
        var parts = spec.Split('|');
        var directory = parts[0];
        var settings = parts.Skip(1).Select(setting => setting.Split('=', 2)).Select(pair => KeyValuePair.Create(pair[0], pair[1]));
        var (process, uri) = await ServeProcess.StartAsync(Path.Combine(directory, "host"), _fake!.Endpoint, _http, settings,
            line => Console.Error.WriteLine($"[{directory}] {line}")).ConfigureAwait(false);
        var name = Path.GetFileName(Path.GetDirectoryName(directory.TrimEnd('/'))) is { Length: > 0 } parent ? parent : directory;
        return ($"{name}#{_servers.Count}{string.Concat(parts.Skip(1).Select(p => " " + p.Replace("DOTNET_", "", StringComparison.Ordinal)))}", process, uri);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (_, process, _) in _servers)
        {
            if (!process.HasExited)
            {
                process.Kill();
                await process.WaitForExitAsync().ConfigureAwait(false);
            }

            process.Dispose();
        }

        _http.Dispose();
        if (_fake is not null)
        {
            await _fake.DisposeAsync().ConfigureAwait(false);
        }
    }
}
