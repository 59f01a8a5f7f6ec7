using System.Diagnostics;
using Providers.Host.Cli;

namespace Providers.Host.Tests.Cli;

/// <summary>What one run of <c>host</c> produced.</summary>
internal sealed record CliResult(int ExitCode, string StdOut, string StdErr)
{
    public IReadOnlyList<string> StdErrLines => StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>Runs the host's CLI with captured standard output and error, in-process or as a real process.</summary>
/// <remarks>In-process runs call the same entry function as Program, so <c>chat</c> and <c>serve</c> tests can reuse it.</remarks>
internal static class CliRunner
{
    public static async Task<CliResult> RunAsync(params string[] args) => await RunAsync(args, CancellationToken.None);

    public static Task<CliResult> RunAsync(string[] args, CancellationToken cancellationToken) =>
        RunAsync(HostCommandLine.Commands, args, cancellationToken);

    /// <summary>Runs with a chosen command set, e.g. the real commands plus a fake one.</summary>
    public static async Task<CliResult> RunAsync(IEnumerable<IHostCommand> commands, string[] args, CancellationToken cancellationToken = default)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await HostCommandLine.RunAsync(commands, args, output, error, cancellationToken);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>Runs <c>dotnet host.dll args</c> from the host's build output, with extra environment variables.</summary>
    public static async Task<CliResult> RunProcessAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(TestPaths.HostDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }
}
