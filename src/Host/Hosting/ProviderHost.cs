using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Providers.Host.Configuration;
using Providers.Host.Plugins;

namespace Providers.Host.Hosting;

/// <summary>Builds the generic host the CLI commands run in: configuration, plugins and the provider catalog.</summary>
internal static class ProviderHost
{
    /// <summary>Returns a built (not started) host whose catalog has already been created and validated.</summary>
    /// <exception cref="HostConfigurationException">plugins.json, an override or a plugin's own section is invalid.</exception>
    public static IHost Build(HostSettings settings, TextWriter log, LogLevel minimumLevel = LogLevel.Warning)
    {
        // The empty builder reads no appsettings.json, DOTNET_ variables or command line: plugins.json is the only config.
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            ApplicationName = "host",
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.AddProviders(settings, log, minimumLevel);
        var host = builder.Build();
        try
        {
            _ = host.Services.GetRequiredService<IProviderCatalog>();
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }
}
