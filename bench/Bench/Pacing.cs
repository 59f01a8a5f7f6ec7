namespace Providers.Bench;

/// <summary>How the fake upstream releases its lines: so many per flush, with a pause between flushes.</summary>
/// <param name="LinesPerFlush">Lines written before each flush (a real server flushes per token; 1 mimics that).</param>
/// <param name="Interval">Pause after each flush; zero streams as fast as the socket takes it.</param>
internal sealed record Pacing(int LinesPerFlush, TimeSpan Interval)
{
    /// <summary>As fast as loopback allows, in flushes of about 4 KiB (about what a socket read delivers).</summary>
    public static Pacing Fast { get; } = new(64, TimeSpan.Zero);
}
