using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Providers.Host.Configuration;
using Providers.Host.Plugins;

namespace Providers.Host.Routing;

/// <summary>Registers the router and what it reads, once, for every command.</summary>
internal static class RoutingServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="RouterProvider"/> (singleton) and an <see cref="IProviderCatalogSource"/> over
    /// the registered <see cref="ProviderCatalogSource"/>, else over the registered <see cref="IProviderCatalog"/>,
    /// unless one is registered already. Routing options
    /// come from a registered <see cref="RoutingOptions"/> instance, else <c>IOptions&lt;RoutingOptions&gt;</c>;
    /// the clock from the registered <see cref="TimeProvider"/>, else the system clock.
    /// </summary>
    public static IServiceCollection AddProviderRouter(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(sp => new ProviderCatalogSource(sp.GetRequiredService<IProviderCatalog>()));
        services.TryAddSingleton<IProviderCatalogSource>(sp => sp.GetRequiredService<ProviderCatalogSource>());
        services.TryAddSingleton(sp => new RouterProvider(
            sp.GetRequiredService<IProviderCatalogSource>(),
            sp.GetService<RoutingOptions>() ?? sp.GetService<IOptions<RoutingOptions>>()?.Value ?? new RoutingOptions(),
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            sp.GetRequiredService<ILogger<RouterProvider>>()));
        return services;
    }
}
