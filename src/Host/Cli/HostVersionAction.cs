using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;

namespace Providers.Host.Cli;

/// <summary>Prints the host's own version for <c>--version</c>.</summary>
/// <remarks>
/// System.CommandLine's default reads the entry assembly, which is the test runner when the CLI
/// runs in-process; the host's version is what users and tests expect in both cases.
/// </remarks>
internal sealed class HostVersionAction : SynchronousCommandLineAction
{
    public static string Version { get; } =
        typeof(HostVersionAction).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(HostVersionAction).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    public override int Invoke(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        parseResult.InvocationConfiguration.Output.WriteLine(Version);
        return ExitCodes.Success;
    }
}
