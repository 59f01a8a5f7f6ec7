using System.Globalization;
using Providers.Bench;

// bench/run [--quick] [--runs N] [--root DIR] [--only inprocess|cli|serve [--host DIR]]: every benchmark (or one
// part), then one table of ratios against baselines measured in the same run. --quick asserts
// correctness only (exact texts, counts) and times nothing; it is CI's smoke test. Exit code 1 when
// a correctness check fails.
var quick = args.Contains("--quick");
var runs = quick ? 1 : 7;
var root = Directory.GetCurrentDirectory();
string? only = null;
var probeHosts = new List<string>();
var probeStreams = 100;
var probeRounds = 5;
var probeChunks = 200;
var probeInterval = 5;
for (var i = 0; i < args.Length - 1; i++)
{
    if (args[i] == "--runs")
    {
        runs = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
    }
    else if (args[i] == "--root")
    {
        root = args[i + 1];
    }
    else if (args[i] == "--only")
    {
        only = args[i + 1];
    }
    else if (args[i] == "--host")
    {
        probeHosts.Add(args[i + 1]);
    }
    else if (args[i] == "--streams")
    {
        probeStreams = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
    }
    else if (args[i] == "--chunks")
    {
        probeChunks = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
    }
    else if (args[i] == "--interval")
    {
        probeInterval = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
    }
    else if (args[i] == "--rounds")
    {
        probeRounds = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
    }
}

if (only is not null and not ("inprocess" or "cli" or "serve" or "probe"))
{
    Console.Error.WriteLine($"bench: --only takes inprocess, cli, serve or probe, not '{only}'");
    return 2;
}

var paths = new BenchPaths(Path.GetFullPath(root)) { HostDirectoryOverride = only == "serve" && probeHosts.Count == 1 ? Path.GetFullPath(probeHosts[0]) : null };
if (!File.Exists(paths.HostApphost) || !File.Exists(paths.HelloApphost))
{
    Console.Error.WriteLine($"bench: build first (bench/run does): {paths.HostApphost} and {paths.HelloApphost} are needed.");
    return 2;
}

if (only == "probe")
{
    // Not part of the table: a diagnosis of serve's time to first token, old and new builds interleaved.
    await using var probe = new ServeProbe(probeHosts.Count > 0 ? probeHosts : [paths.HostDirectory], probeStreams, probeRounds, probeChunks, probeInterval);
    await probe.RunAsync();
    return 0;
}

var report = new Report();
Console.Error.WriteLine(quick ? "bench: quick mode (correctness only, nothing timed)" : $"bench: full mode, {runs} runs per process measure");

// The CLI budget needs the raw read's time, so --only cli measures the in-process part as well.
if (only is null or "inprocess" or "cli")
{
    Console.Error.WriteLine("bench: in-process (line parser, provider alone)");
    var inProcess = new InProcessBench(report, quick);
    await inProcess.RunAsync();

    if (only is null or "cli")
    {
        Console.Error.WriteLine("bench: whole-process CLI runs");
        await new CliBench(paths, report, runs, quick).RunAsync(inProcess.RawReadMs);
    }
}

if (only is null or "serve")
{
    Console.Error.WriteLine("bench: host serve under load");
    await using var serve = new ServeBench(paths, report, quick);
    await serve.RunAsync();
}

if (!quick)
{
    Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; command: bench/run");
    Console.WriteLine();
    Console.WriteLine(report.ToMarkdown());
}

Console.WriteLine(report.Failures.Count == 0 ? "bench: all correctness checks passed" : $"bench: {report.Failures.Count} correctness check(s) failed");
return report.Failures.Count == 0 ? 0 : 1;
