using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Providers.Host.Configuration;
using Providers.Host.Server;

namespace Providers.Host.Hosting;

/// <summary>The services of <c>host serve</c>: the web app's own container, filled by the same composition root as every command.</summary>
internal static class ServerHost
{
    /// <summary>Returns the built (not started) server; its catalog has been created and validated while mapping the endpoints.</summary>
    /// <exception cref="HostConfigurationException">plugins.json, an override or a plugin's own section is invalid.</exception>
    public static WebApplication Build(HostSettings settings, ServerOptions options, TextWriter log)
    {
        var builder = ServerApp.CreateBuilder(options);
        builder.Services.AddHost(settings, log, LogLevel.Warning, hotReload: true);
        return ServerApp.Build(builder);
    }
}
