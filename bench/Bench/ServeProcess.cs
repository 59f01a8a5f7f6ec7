using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Providers.Bench;

/// <summary>A <c>host serve</c> process for the serve measures: started against the fake, read from /proc, and its stream's text.</summary>
internal static class ServeProcess
{
    /// <summary>
    /// Starts <paramref name="apphost"/> <c>serve</c> on a free loopback port against the fake at
    /// <paramref name="fakeEndpoint"/>, with <paramref name="environment"/> on top, and returns once it answers <c>GET /v1/models</c>.
    /// </summary>
    public static async Task<(Process Process, Uri Uri)> StartAsync(string apphost, Uri fakeEndpoint, HttpClient http,
        IEnumerable<KeyValuePair<string, string>> environment, Action<string>? stderr = null)
    {
        var uri = new Uri($"http://127.0.0.1:{FreePort().ToString(CultureInfo.InvariantCulture)}/");
        var start = new ProcessStartInfo(apphost) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        // The bench holds 1,000 streams open at once; the default cap (64 served, 512 queued) would refuse some.
        foreach (var argument in new[] { "serve", "--urls", uri.ToString().TrimEnd('/'), "--max-concurrent-requests", "2000" })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in BenchPaths.HostEnvironment(fakeEndpoint))
        {
            start.Environment[key] = value;
        }

        start.Environment.Remove("PROVIDERS_API_KEY");
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                stderr?.Invoke(line);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var deadline = Stopwatch.GetTimestamp() + (Stopwatch.Frequency * 60);
        while (Stopwatch.GetTimestamp() < deadline && !process.HasExited)
        {
            try
            {
                using var response = await http.GetAsync(new Uri(uri, "/v1/models")).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return (process, uri);
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100).ConfigureAwait(false);
        }

        throw new InvalidOperationException($"host serve ({apphost}) did not answer GET /v1/models within 60 s.");
    }

    /// <summary>The process's user + system CPU time so far, in ms (10 ms resolution).</summary>
    public static long CpuMs(Process process)
    {
        var stat = File.ReadAllText($"/proc/{process.Id.ToString(CultureInfo.InvariantCulture)}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // utime and stime are fields 14 and 15 of the line, 12 and 13 after the command name.
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) * 10;
    }

    /// <summary>The value of one line of /proc/PID/status (<c>VmRSS</c>, <c>Threads</c>), trimmed; empty when missing.</summary>
    public static string Status(Process process, string key) =>
        File.ReadLines($"/proc/{process.Id.ToString(CultureInfo.InvariantCulture)}/status")
            .FirstOrDefault(line => line.StartsWith(key + ":", StringComparison.Ordinal))?[(key.Length + 1)..].Trim() ?? "";

    /// <summary>The delta text of one SSE line of the OpenAI stream; null for anything else.</summary>
    public static string? DeltaText(string line)
    {
        if (!line.StartsWith("data: {", StringComparison.Ordinal))
        {
            return null;
        }

        using var document = JsonDocument.Parse(line.AsMemory(6));
        return document.RootElement.GetProperty("choices") is { ValueKind: JsonValueKind.Array } choices && choices.GetArrayLength() > 0
            && choices[0].TryGetProperty("delta", out var delta) && delta.TryGetProperty("content", out var text) && text.ValueKind == JsonValueKind.String
            ? text.GetString()
            : null;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
