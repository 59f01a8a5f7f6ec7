namespace Providers.Bench;

/// <summary>One run of a program: exit code, wall time, peak RSS (KiB, when measurable), start timestamp, standard error.</summary>
internal sealed record ProcessResult(int ExitCode, TimeSpan Wall, long? PeakKiB, long StartTimestamp, string Stderr);
