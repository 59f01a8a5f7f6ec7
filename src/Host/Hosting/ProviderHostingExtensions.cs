using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Providers.Host.Configuration;
using Providers.Host.Logging;
using Providers.Host.Plugins;

namespace Providers.Host.Hosting;

/// <summary>The composition root: adds plugins.json and the discovered plugins to any host builder.</summary>
/// <remarks>Works for the generic host (<c>providers</c>, <c>models</c>, <c>chat</c>) and for a <c>WebApplicationBuilder</c> (<c>serve</c>).</remarks>
internal static class ProviderHostingExtensions
{
    /// <summary>
    /// Loads and validates the configuration, sends logs to <paramref name="log"/>, loads every plugin and
    /// registers <see cref="IProviderCatalog"/>, <see cref="HostConfiguration"/> and <c>IOptions&lt;RoutingOptions&gt;</c>.
    /// </summary>
    /// <exception cref="HostConfigurationException">plugins.json or an override is invalid.</exception>
    /// <remarks>
    /// The catalog is built on first resolution; resolve it before serving anything, because a
    /// plugin's own options are validated then and a bad key throws <see cref="HostConfigurationException"/>.
    /// </remarks>
    public static HostConfiguration AddProviders(this IHostApplicationBuilder builder, HostSettings settings, TextWriter log,
        LogLevel minimumLevel = LogLevel.Warning)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(log);

        var configuration = HostConfigurationLoader.Load(settings);
        builder.Configuration.AddConfiguration(configuration.Root);
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new TextWriterLoggerProvider(log));
        builder.Logging.SetMinimumLevel(minimumLevel);

        var services = builder.Services;
        services.AddSingleton(configuration);
        // Already bound strictly and validated by the loader; binding the section again would only repeat that.
        services.AddSingleton(Options.Create(configuration.Routing));
        var pending = PluginRegistration.Register(services, configuration, new PluginAssemblyLoader());
        services.AddSingleton<IProviderCatalog>(sp =>
            ProviderCatalogFactory.Create(sp, pending, configuration, sp.GetRequiredService<ILogger<ProviderCatalog>>()));
        return configuration;
    }
}
