using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
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
    /// registers <see cref="IProviderCatalog"/>, <see cref="HostConfiguration"/>, <c>IOptions&lt;RoutingOptions&gt;</c>
    /// and (unless one is already registered) <see cref="TimeProvider.System"/>.
    /// </summary>
    /// <exception cref="HostConfigurationException">plugins.json or an override is invalid.</exception>
    /// <remarks>
    /// The catalog is built on first resolution; resolve it before serving anything, because a
    /// plugin's own options are validated then and a bad key throws <see cref="HostConfigurationException"/>.
    /// Each provider instance lives in a container of its own, owned (and disposed) by the catalog.
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
        services.TryAddSingleton(TimeProvider.System);
        var plugins = PluginDiscovery.LoadAll(configuration.PluginsDirectory, new PluginAssemblyLoader());
        services.AddSingleton<IProviderCatalog>(sp => ProviderCatalogBuilder.Build(
            plugins,
            configuration,
            new ProviderInstanceFactory(sp.GetRequiredService<ILoggerFactory>(), sp.GetRequiredService<TimeProvider>(), configuration.Sources),
            sp.GetRequiredService<ILogger<ProviderCatalog>>()));
        return configuration;
    }
}
