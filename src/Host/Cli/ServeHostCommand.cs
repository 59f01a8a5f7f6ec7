using System.CommandLine;
using Providers.Host.Server;

namespace Providers.Host.Cli;

/// <summary><c>host serve</c>: the OpenAI-compatible server over the plugins this invocation loads.</summary>
internal sealed class ServeHostCommand : IHostCommand
{
    public Command Create(HostCommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ServeCommand.Create(parseResult => context.BuildHost(parseResult).Services);
    }
}
