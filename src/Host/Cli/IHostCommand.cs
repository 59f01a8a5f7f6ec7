using System.CommandLine;

namespace Providers.Host.Cli;

/// <summary>One top-level command of <c>host</c>; add an implementation to <see cref="HostCommandLine.Commands"/>.</summary>
internal interface IHostCommand
{
    /// <summary>Creates the command with its options and action.</summary>
    /// <remarks>
    /// The action writes results to <c>parseResult.InvocationConfiguration.Output</c> and diagnostics to
    /// <c>.Error</c>, returns an <see cref="ExitCodes"/> value, and may throw the exceptions
    /// <see cref="HostCommandLine"/> maps to exit codes.
    /// </remarks>
    Command Create(HostCommandContext context);
}
