using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Providers.Host.Configuration;
using Providers.Host.Plugins;

namespace Providers.Host.Hosting;

/// <summary>The services of the commands that do not serve: a plain container, no generic host and no web stack.</summary>
/// <remarks>Start-up time matters for <c>providers</c>, <c>models</c> and <c>chat</c>; a host would only add work they never use.</remarks>
internal static class ProviderHost
{
    /// <summary>Returns the container of <see cref="HostServices.AddHost"/> with its catalog already created and validated.</summary>
    /// <exception cref="HostConfigurationException">plugins.json, an override or a plugin's own section is invalid.</exception>
    public static ServiceProvider Build(HostSettings settings, TextWriter log, LogLevel minimumLevel = LogLevel.Warning)
    {
        var services = new ServiceCollection().AddHost(settings, log, minimumLevel).BuildServiceProvider();
        try
        {
            _ = services.GetRequiredService<IProviderCatalog>();
            return services;
        }
        catch
        {
            services.Dispose();
            throw;
        }
    }
}
