using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Providers.Host.Configuration;
using Providers.Host.Logging;
using Providers.Host.Plugins;
using Providers.Host.Routing;

namespace Providers.Host.Hosting;

/// <summary>The composition root: the one place that says which services every command runs on.</summary>
/// <remarks>
/// <c>providers</c>, <c>models</c> and <c>chat</c> put these registrations into a plain
/// <see cref="ServiceCollection"/> (<see cref="ProviderHost"/>); <c>serve</c> puts the same ones into its
/// <c>WebApplicationBuilder</c> (<see cref="ServerHost"/>). Nothing is registered twice or copied between containers.
/// </remarks>
internal static class HostServices
{
    /// <summary>
    /// Loads and validates plugins.json, then registers logging to <paramref name="log"/>, the clock, the
    /// configuration, the <c>routing</c> options, every plugin with the <see cref="IProviderCatalog"/>
    /// (with <paramref name="hotReload"/>: the <see cref="ProviderCatalogSource"/> and its <see cref="PluginReloader"/>), and the router.
    /// </summary>
    /// <exception cref="HostConfigurationException">plugins.json or an override is invalid.</exception>
    /// <remarks>
    /// The catalog is built on first resolution; resolve it before serving anything, because a
    /// plugin's own options are validated then and a bad key throws <see cref="HostConfigurationException"/>.
    /// </remarks>
    /// <param name="services">The container to fill.</param>
    /// <param name="settings">Where plugins.json is.</param>
    /// <param name="log">Where the host logs.</param>
    /// <param name="minimumLevel">The least important level logged.</param>
    /// <param name="hotReload">
    /// <c>host serve</c>: plugins load into collectible contexts from memory, and <see cref="PluginReloader"/>
    /// watches the plugins folder and owns every catalog. The other commands load once and never unload,
    /// which starts faster.
    /// </param>
    public static IServiceCollection AddHost(this IServiceCollection services, HostSettings settings, TextWriter log, LogLevel minimumLevel,
        bool hotReload = false)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(settings);
        var configuration = HostConfigurationLoader.Load(settings);
        services.AddSingleton(configuration);
        if (hotReload)
        {
            AddReloadingCatalog(services, configuration);
        }
        else
        {
            AddFixedCatalog(services, configuration);
        }

        services.AddHostCore(log, minimumLevel, configuration.Routing);
        return services;
    }

    private static void AddFixedCatalog(IServiceCollection services, HostConfiguration configuration)
    {
        // Loading runs before logging exists: what the scan skipped is logged when the catalog is built.
        var skipped = new List<string>();
        var plugins = PluginDiscovery.LoadAll(configuration.PluginsDirectory, new PluginAssemblyLoader(), skipped.Add);
        services.AddSingleton<IProviderCatalog>(sp => BuildCatalog(sp, plugins, skipped, configuration));
    }

    private static void AddReloadingCatalog(IServiceCollection services, HostConfiguration configuration)
    {
        // Taken before loading: a folder that changes while it loads is seen as changed and loaded again.
        var fingerprints = PluginFolderFingerprint.TakeAll(configuration.PluginsDirectory);
        var skipped = new List<string>();
        var startup = new StartupPlugins(
            PluginDiscovery.LoadAll(configuration.PluginsDirectory, new PluginAssemblyLoader(unloadable: true), skipped.Add), fingerprints);
        // No container holds a catalog or a plugin here: the reloader owns each catalog, so a replaced
        // one (and the plugins only it used) can be released and collected.
        services.AddSingleton(startup);
        services.AddSingleton(sp => new ProviderCatalogSource(BuildCatalog(sp, startup.Plugins, skipped, configuration)));
        services.TryAddSingleton(new PluginReloadOptions());
        services.AddSingleton<PluginReloader>();
        services.AddHostedService(sp => sp.GetRequiredService<PluginReloader>());
        // Plugins coming and going are shown whatever the level: one line per change.
        services.AddLogging(logging => logging.AddFilter(typeof(PluginReloader).FullName, LogLevel.Information));
    }

    // Each provider instance lives in a container of its own, owned (and disposed) by the catalog;
    // it gets the host's loggers and clock, never the host's services.
    private static ProviderCatalog BuildCatalog(IServiceProvider services, IReadOnlyList<LoadedPlugin> plugins, List<string> skipped,
        HostConfiguration configuration)
    {
        var logger = services.GetRequiredService<ILogger<ProviderCatalog>>();
        skipped.ForEach(reason => PluginLog.EntrySkipped(logger, reason));
        return ProviderCatalogBuilder.Build(
            plugins,
            configuration,
            new ProviderInstanceFactory(services.GetRequiredService<ILoggerFactory>(), services.GetRequiredService<TimeProvider>(), configuration.Sources),
            logger);
    }

    /// <summary>
    /// Everything of <see cref="AddHost"/> except configuration and plugins: logging, the clock, the
    /// routing options and the router over whichever <see cref="IProviderCatalog"/> the container holds.
    /// </summary>
    /// <remarks>Tests call this with an in-memory catalog; every command goes through <see cref="AddHost"/>.</remarks>
    public static IServiceCollection AddHostCore(this IServiceCollection services, TextWriter log, LogLevel minimumLevel, RoutingOptions routing)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(routing);
        services.AddLogging(logging =>
        {
            logging.ClearProviders();
            logging.AddProvider(new TextWriterLoggerProvider(log));
            logging.SetMinimumLevel(minimumLevel);
        });
        services.TryAddSingleton(TimeProvider.System);
        // Already bound strictly and validated by the loader; binding the section again would only repeat that.
        services.AddSingleton(Options.Create(routing));
        services.AddSingleton(routing);
        services.AddProviderRouter();
        return services;
    }
}
