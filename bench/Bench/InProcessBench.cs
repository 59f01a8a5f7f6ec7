using System.Buffers;
using System.Text;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Providers.Abstractions;
using Providers.AllenAI.Protocol;

namespace Providers.Bench;

/// <summary>The in-process parts: correctness and allocation checks, then BenchmarkDotNet (full mode).</summary>
internal sealed class InProcessBench(Report report, bool quick)
{
    /// <summary>Median of the raw HttpClient read of the 100k-chunk body, for the CLI's budget; NaN in quick mode.</summary>
    public double RawReadMs { get; private set; } = double.NaN;

    public async Task RunAsync()
    {
        var stream = EraAStream.Create(100_000);
        CheckParserAllocations(stream);
        await CheckProviderAsync(stream).ConfigureAwait(false);
        if (quick)
        {
            return;
        }

        var config = ManualConfig.CreateEmpty()
            .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(3).WithIterationCount(10).WithLaunchCount(1))
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddLogger(NullLogger.Instance)
            .WithOptions(ConfigOptions.DisableLogFile);
        var parser = BenchmarkRunner.Run<LineParserBenchmarks>(config);
        var provider = BenchmarkRunner.Run<ProviderBenchmarks>(config);

        var baselineParse = Find(parser, nameof(LineParserBenchmarks.StreamReaderAndJsonDocument));
        var ourParse = Find(parser, nameof(LineParserBenchmarks.JsonlLineReaderAndStreamLineParser));
        report.Add("line parser, 100k-chunk body (BenchmarkDotNet)", Report.Ms(Median(ourParse)), $"StreamReader + JsonDocument {Report.Ms(Median(baselineParse))}",
            Report.Ratio(Median(ourParse) / Median(baselineParse)), "faster than baseline", Median(ourParse) < Median(baselineParse));
        report.Add("line parser: allocated per line (BenchmarkDotNet)", $"{Report.Number(Allocated(ourParse) / (stream.Chunks + 2.0), "0.0")} B (text strings {Report.Number(TextBytes(stream) / (stream.Chunks + 2.0), "0.0")} B)",
            $"baseline {Report.Number(Allocated(baselineParse) / (stream.Chunks + 2.0), "0.0")} B", "", "", null);

        var raw = Find(provider, nameof(ProviderBenchmarks.RawHttpClientRead));
        var ours = Find(provider, nameof(ProviderBenchmarks.Provider));
        RawReadMs = Median(raw);
        var throughput = Median(raw) / Median(ours);
        report.Add("provider alone, 100k chunks over loopback (BenchmarkDotNet)", Report.Ms(Median(ours)), $"raw HttpClient read {Report.Ms(Median(raw))}",
            $"{Report.Number(throughput * 100)} % of raw throughput", "≥ 70 %", throughput >= 0.7);
    }

    /// <summary>
    /// Counts the bytes the parser allocates over the whole body, minus the strings it must yield:
    /// what is left is per-line overhead (plus the two tree lines' node objects, a fixed cost).
    /// </summary>
    private void CheckParserAllocations(EraAStream stream)
    {
        var lines = new List<ReadOnlySequence<byte>>(stream.LineEnds.Length);
        var start = 0;
        foreach (var end in stream.LineEnds)
        {
            lines.Add(new ReadOnlySequence<byte>(stream.Body, start, end - start - 1));
            start = end;
        }

        var text = new StringBuilder();
        string? replyId = null;
        ParseAll(lines, ref replyId, text); // warm up (JIT, static caches)
        replyId = null;
        text.Clear();
        var before = GC.GetAllocatedBytesForCurrentThread();
        var expectedTextBytes = ParseAll(lines, ref replyId, null);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        ParseAll(lines, ref replyId, text);
        var perLine = (allocated - expectedTextBytes) / (double)lines.Count;
        report.Check(text.ToString() == stream.Text, "line parser: 100k-chunk text decodes exact");
        // The two tree lines' node lists and snapshots are a fixed few hundred bytes per stream.
        report.Check(allocated - expectedTextBytes < 16 * 1024,
            $"line parser: {allocated - expectedTextBytes} bytes beyond the yielded text over {lines.Count} lines ({Report.Number(perLine, "0.00")} B/line)");
        report.Add("line parser: allocated per line beyond its text (GC counter)", $"{Report.Number(perLine, "0.00")} B", $"text strings {Report.Number(expectedTextBytes / (double)lines.Count, "0.0")} B/line", "", "0 per line", allocated - expectedTextBytes < 16 * 1024);
    }

    /// <summary>
    /// Parses every line; returns the heap size of the strings it had to create: chunk texts, and on
    /// the two tree lines the stored reply text and ids (the final tree repeats the whole reply).
    /// </summary>
    private static long ParseAll(List<ReadOnlySequence<byte>> lines, ref string? replyId, StringBuilder? text)
    {
        long textBytes = 0;
        var chunkPrefix = replyId is null ? [] : ChunkLineFastPath.PrefixFor(replyId);
        foreach (var line in lines)
        {
            var parsed = StreamLineParser.Parse(line.FirstSpan, replyId, chunkPrefix);
            if (replyId is null && parsed.MessageId is { } id)
            {
                replyId = id;
                chunkPrefix = ChunkLineFastPath.PrefixFor(id);
            }

            if (parsed.Kind == StreamLineKind.Text)
            {
                textBytes += StringBytes(parsed.Text!.Length);
                text?.Append(parsed.Text);
            }
            else if (parsed.Snapshot is { } snapshot)
            {
                textBytes += StringBytes(snapshot.Content?.Length ?? 0) + StringBytes(snapshot.ReplyId?.Length ?? 0);
            }
        }

        return textBytes;
    }

    /// <summary>A string's heap size on 64-bit .NET: header, method table, length, UTF-16 chars and terminator, 8-aligned.</summary>
    private static long StringBytes(int length) => Math.Max(24, (8 + 8 + 4 + (2L * (length + 1)) + 7) & ~7L);

    private static long TextBytes(EraAStream stream)
    {
        string? replyId = null;
        var start = 0;
        var lines = new List<ReadOnlySequence<byte>>();
        foreach (var end in stream.LineEnds)
        {
            lines.Add(new ReadOnlySequence<byte>(stream.Body, start, end - start - 1));
            start = end;
        }

        return ParseAll(lines, ref replyId, null);
    }

    private async Task CheckProviderAsync(EraAStream stream)
    {
        await using var fake = await FakeAi2Server.StartAsync(stream, Pacing.Fast).ConfigureAwait(false);
        using var upstream = new Upstream(fake.Endpoint);
        var raw = await upstream.RawReadAsync().ConfigureAwait(false);
        report.Check(raw == stream.Body.Length, $"raw read: {raw} of {stream.Body.Length} bytes");
        var text = new StringBuilder();
        var run = await Upstream.ConsumeAsync(upstream.CreateProvider(), text).ConfigureAwait(false);
        report.Check(text.ToString() == stream.Text && run.Finish == FinishReason.Stop,
            $"provider alone: 100k-chunk text exact ({run.Deltas} deltas, finish {run.Finish})");
        // A hop happens only when the provider awaits the socket: at most once per read, never per token.
        report.Check(run.ThreadChanges < stream.Chunks / 10, $"provider alone: {run.ThreadChanges} thread changes over {run.Deltas} deltas");
        if (!quick)
        {
            report.Add("provider alone: thread changes seen by the consumer", Report.Number(run.ThreadChanges), $"{Report.Number(run.Deltas)} deltas", Report.Ratio((double)run.ThreadChanges / run.Deltas), "not per token", run.ThreadChanges < stream.Chunks / 10);
        }
    }

    private static BenchmarkReport Find(Summary summary, string method) =>
        summary.Reports.Single(report => report.BenchmarkCase.Descriptor.WorkloadMethod.Name == method);

    private static double Median(BenchmarkReport report) => report.ResultStatistics!.Median / 1e6;

    private static double Allocated(BenchmarkReport report) => report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? double.NaN;
}
