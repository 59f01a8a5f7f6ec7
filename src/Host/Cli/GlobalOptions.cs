using System.CommandLine;
using Providers.Host.Configuration;

namespace Providers.Host.Cli;

/// <summary>Options every command accepts: where plugins.json and the plugins folder are.</summary>
internal sealed class GlobalOptions
{
    // Strings, not FileInfo: error messages quote the path exactly as the user typed it.
    public Option<string?> Config { get; } = new("--config")
    {
        Description = "The configuration file (default: plugins.json next to the executable)",
        HelpName = "FILE",
        Recursive = true,
    };

    public Option<string?> Plugins { get; } = new("--plugins")
    {
        Description = "The plugins folder; overrides pluginsPath from the configuration",
        HelpName = "DIR",
        Recursive = true,
    };

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Config);
        command.Options.Add(Plugins);
    }

    public HostSettings Read(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        return new HostSettings(parseResult.GetValue(Config), parseResult.GetValue(Plugins));
    }
}
