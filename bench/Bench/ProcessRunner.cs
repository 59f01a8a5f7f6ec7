using System.Diagnostics;
using System.Globalization;

namespace Providers.Bench;

/// <summary>
/// Runs a built program as a user would (standard output to a file), timing the whole process and,
/// through <c>/usr/bin/time</c> when present, its peak resident memory.
/// </summary>
internal static class ProcessRunner
{
    internal const string TimeTool = "/usr/bin/time";
    internal const string StraceTool = "/usr/bin/strace";

    public static bool CanMeasureMemory => File.Exists(TimeTool);

    public static bool CanCountSyscalls => File.Exists(StraceTool);

    public static async Task<ProcessResult> RunAsync(string program, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, string stdoutPath)
    {
        var memoryPath = Path.GetTempFileName();
        try
        {
            // sh only redirects and execs: the timed process is the program itself.
            var start = new ProcessStartInfo("/bin/sh") { RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(CanMeasureMemory ? "out=$1; mem=$2; shift 2; exec " + TimeTool + " -f %M -o \"$mem\" \"$@\" > \"$out\"" : "out=$1; shift 2; exec \"$@\" > \"$out\"");
            start.ArgumentList.Add("sh");
            start.ArgumentList.Add(stdoutPath);
            start.ArgumentList.Add(memoryPath);
            start.ArgumentList.Add(program);
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            foreach (var (key, value) in environment)
            {
                start.Environment[key] = value;
            }

            var began = Stopwatch.GetTimestamp();
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().ConfigureAwait(false);
            var wall = Stopwatch.GetElapsedTime(began);
            long? peakKiB = null;
            if (CanMeasureMemory && long.TryParse((await File.ReadAllTextAsync(memoryPath).ConfigureAwait(false)).Trim().Split('\n')[^1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var kib))
            {
                peakKiB = kib;
            }

            return new ProcessResult(process.ExitCode, wall, peakKiB, began, await stderr.ConfigureAwait(false));
        }
        finally
        {
            File.Delete(memoryPath);
        }
    }

    /// <summary>Counts the system calls named (strace -f -c) of one run; null when strace is absent.</summary>
    public static async Task<IReadOnlyDictionary<string, long>?> CountSyscallsAsync(string program, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, string stdoutPath, string syscalls)
    {
        if (!CanCountSyscalls)
        {
            return null;
        }

        var summaryPath = Path.GetTempFileName();
        try
        {
            var result = await RunAsync(StraceTool, ["-f", "-c", "-e", "trace=" + syscalls, "-o", summaryPath, program, .. arguments], environment, stdoutPath).ConfigureAwait(false);
            if (result.ExitCode != 0)
            {
                return null;
            }

            // "% time  seconds  usecs/call  calls  errors syscall": calls is the 4th column, the name the last.
            var counts = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var line in await File.ReadAllLinesAsync(summaryPath).ConfigureAwait(false))
            {
                var columns = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (columns.Length >= 5 && double.TryParse(columns[0], NumberStyles.Float, CultureInfo.InvariantCulture, out _)
                    && long.TryParse(columns[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out var calls))
                {
                    counts[columns[^1]] = calls;
                }
            }

            return counts;
        }
        finally
        {
            File.Delete(summaryPath);
        }
    }
}
