using System.Globalization;
using Providers.Bench;

// bench/run [--quick] [--runs N] [--root DIR]: every benchmark, then one table of ratios against
// baselines measured in the same run. --quick asserts correctness only (exact texts, counts) and
// times nothing; it is CI's smoke test. Exit code 1 when a correctness check fails.
var quick = args.Contains("--quick");
var runs = quick ? 1 : 7;
var root = Directory.GetCurrentDirectory();
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
}

var paths = new BenchPaths(Path.GetFullPath(root));
if (!File.Exists(paths.HostApphost) || !File.Exists(paths.HelloApphost))
{
    Console.Error.WriteLine($"bench: build first (bench/run does): {paths.HostApphost} and {paths.HelloApphost} are needed.");
    return 2;
}

var report = new Report();
Console.Error.WriteLine(quick ? "bench: quick mode (correctness only, nothing timed)" : $"bench: full mode, {runs} runs per process measure");

Console.Error.WriteLine("bench: in-process (line parser, provider alone)");
var inProcess = new InProcessBench(report, quick);
await inProcess.RunAsync();

Console.Error.WriteLine("bench: whole-process CLI runs");
await new CliBench(paths, report, runs, quick).RunAsync(inProcess.RawReadMs);

Console.Error.WriteLine("bench: host serve under load");
await using (var serve = new ServeBench(paths, report, quick))
{
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
