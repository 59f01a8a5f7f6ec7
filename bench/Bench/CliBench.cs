using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Providers.Bench;

/// <summary>Whole-process runs of the built host against the hello-world floor, each several times.</summary>
internal sealed class CliBench(BenchPaths paths, Report report, int runs, bool quick)
{
    public async Task RunAsync(double rawReadMs)
    {
        var stream = EraAStream.Create(100_000);
        await using var fake = await FakeAi2Server.StartAsync(stream, Pacing.Fast).ConfigureAwait(false);
        var environment = BenchPaths.HostEnvironment(fake.Endpoint);
        var output = Path.GetTempFileName();
        try
        {
            var helloApphost = await TimeAsync("hello (apphost)", paths.HelloApphost, [], environment, output, "Hello, World!\n").ConfigureAwait(false);
            var helloDll = await TimeAsync("dotnet hello.dll", BenchPaths.Dotnet, [paths.HelloDll], environment, output, "Hello, World!\n").ConfigureAwait(false);
            var providers = await TimeAsync("host providers --json", paths.HostApphost, ["providers", "--json"], environment, output, null).ConfigureAwait(false);
            var providersDll = await TimeAsync("dotnet host.dll providers --json", BenchPaths.Dotnet, [paths.HostDll, "providers", "--json"], environment, output, null).ConfigureAwait(false);
            var models = await TimeAsync("host models --json", paths.HostApphost, ["models", "--json"], environment, output, null).ConfigureAwait(false);
            var modelsDll = await TimeAsync("dotnet host.dll models --json", BenchPaths.Dotnet, [paths.HostDll, "models", "--json"], environment, output, null).ConfigureAwait(false);

            var chatTimes = new List<double>();
            var firstByte = new List<double>();
            var chatPeak = new List<double>();
            for (var i = 0; i < runs; i++)
            {
                fake.ResetCounters();
                var result = await ProcessRunner.RunAsync(paths.HostApphost, ["chat", "-m", "tulu3-405b", "hi"], environment, output).ConfigureAwait(false);
                var written = await File.ReadAllTextAsync(output, Encoding.UTF8).ConfigureAwait(false);
                report.Check(result.ExitCode == 0 && written == stream.Text && fake.Requests == 1,
                    $"host chat 100k chunks: exit {result.ExitCode}, output {(written == stream.Text ? "byte-exact" : $"differs ({written.Length} vs {stream.Text.Length} chars)")}, {fake.Requests} request(s) {OneLine(result.Stderr)}");
                chatTimes.Add(result.Wall.TotalMilliseconds);
                firstByte.Add(Stopwatch.GetElapsedTime(result.StartTimestamp, fake.FirstRequestTimestamp).TotalMilliseconds);
                chatPeak.Add(result.PeakKiB ?? double.NaN);
            }

            if (quick)
            {
                return;
            }

            AddStartup("host providers --json (apphost)", providers, helloApphost);
            AddStartup("dotnet host.dll providers --json", providersDll, helloDll);
            AddStartup("host models --json (apphost)", models, helloApphost);
            AddStartup("dotnet host.dll models --json", modelsDll, helloDll);

            var chat = new Sample(chatTimes);
            var ttfrb = new Sample(firstByte);
            report.Add("host chat: time to first request byte", Report.Spread(ttfrb), "hello " + Report.Ms(helloApphost.Wall.Median), Report.Ratio(ttfrb.Median / helloApphost.Wall.Median), "reported", null);
            var budget = ttfrb.Median + rawReadMs + 40;
            report.Add("host chat 100k chunks > file, whole process", Report.Spread(chat),
                $"first request byte {Report.Ms(ttfrb.Median)} + raw read {Report.Ms(rawReadMs)} + 40 ms = {Report.Ms(budget)}", Report.Ratio(chat.Median / budget), "≤ budget", chat.Median <= budget);
            if (ProcessRunner.CanMeasureMemory)
            {
                var peak = new Sample(chatPeak);
                report.Add("host chat 100k chunks: peak RSS", $"{Report.Number(peak.Median / 1024, "0.0")} MiB", $"hello {Report.Number(helloApphost.Peak.Median / 1024, "0.0")} MiB",
                    Report.Ratio(peak.Median / helloApphost.Peak.Median), "≤ 1.5×", peak.Median <= 1.5 * helloApphost.Peak.Median);
                report.Add("host providers --json: peak RSS", $"{Report.Number(providers.Peak.Median / 1024, "0.0")} MiB", $"hello {Report.Number(helloApphost.Peak.Median / 1024, "0.0")} MiB",
                    Report.Ratio(providers.Peak.Median / helloApphost.Peak.Median), "", null);
            }

            var syscalls = await ProcessRunner.CountSyscallsAsync(paths.HostApphost, ["chat", "-m", "tulu3-405b", "hi"], environment, output, "write,writev,read,recvfrom,futex,sched_yield").ConfigureAwait(false);
            if (syscalls is not null)
            {
                long Count(string name) => syscalls.GetValueOrDefault(name);
                var writes = Count("write") + Count("writev");
                var reads = Count("read") + Count("recvfrom");
                report.Add("host chat 100k: write syscalls (strace -f)", Report.Number(writes), $"{Report.Number(reads)} read syscalls", Report.Ratio((double)writes / Math.Max(1, reads)), "≈ reads, not per chunk", writes <= reads + 100);
                report.Add("host chat 100k: futex / sched_yield", $"{Report.Number(Count("futex"))} / {Report.Number(Count("sched_yield"))}", "100,000 chunks", "", "not per token", Count("futex") + Count("sched_yield") < stream.Chunks / 10);
            }
        }
        finally
        {
            File.Delete(output);
        }
    }

    private void AddStartup(string name, Timed measured, Timed hello)
    {
        var ratio = measured.Wall.Median / hello.Wall.Median;
        report.Add(name, Report.Spread(measured.Wall), $"{hello.Name} {Report.Spread(hello.Wall)}", Report.Ratio(ratio), "≤ 1.6×", ratio <= 1.6);
    }

    private async Task<Timed> TimeAsync(string name, string program, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, string output, string? expected)
    {
        var walls = new List<double>();
        var peaks = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var result = await ProcessRunner.RunAsync(program, arguments, environment, output).ConfigureAwait(false);
            var written = await File.ReadAllTextAsync(output).ConfigureAwait(false);
            report.Check(result.ExitCode == 0 && (expected is null ? IsJson(written) : written == expected),
                $"{name}: exit {result.ExitCode}, {(expected is null ? "JSON output" : "expected output")} {OneLine(result.Stderr)}");
            walls.Add(result.Wall.TotalMilliseconds);
            peaks.Add(result.PeakKiB ?? double.NaN);
        }

        return new Timed(name, new Sample(walls), new Sample(peaks));
    }

    private static bool IsJson(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind is JsonValueKind.Array or JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string OneLine(string text) => text.Length == 0 ? "" : "— stderr: " + text.ReplaceLineEndings(" ").Trim();

    private sealed record Timed(string Name, Sample Wall, Sample Peak);
}
