using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Providers.Host.Configuration;
using Providers.Host.Hosting;

namespace Providers.Host.Cli;

/// <summary>What every command needs from the root: the global options and the composition root.</summary>
internal sealed class HostCommandContext(GlobalOptions globalOptions)
{
    public GlobalOptions GlobalOptions { get; } = globalOptions;

    /// <summary>The parsed <c>--config</c> and <c>--plugins</c>.</summary>
    public HostSettings ReadSettings(ParseResult parseResult) => GlobalOptions.Read(parseResult);

    /// <summary>Loads plugins.json and the plugins for this invocation into a plain container; logs go to its error writer.</summary>
    /// <exception cref="HostConfigurationException">The configuration is invalid (exit code 2).</exception>
    /// <param name="parseResult">The invocation's parsed command line.</param>
    /// <param name="minimumLevel">The least severe log level written to standard error.</param>
    public ServiceProvider BuildServices(ParseResult parseResult, LogLevel minimumLevel = LogLevel.Warning)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        return ProviderHost.Build(ReadSettings(parseResult), parseResult.InvocationConfiguration.Error, minimumLevel);
    }
}
