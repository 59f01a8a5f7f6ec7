using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Providers.Host.Configuration;
using Providers.Host.Hosting;
using Providers.Host.Plugins;
using Providers.Host.Routing;
using Providers.Host.Server;

namespace Providers.Host.Tests.Hosting;

/// <summary>The one composition root: what it registers, once, for the CLI's container and for <c>serve</c>'s.</summary>
public sealed class HostServicesTests : IDisposable
{
    private readonly TempPluginsFolder _folder = new TempPluginsFolder().AddAllenAI();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(typeof(TimeProvider))]
    [InlineData(typeof(HostConfiguration))]
    [InlineData(typeof(IOptions<RoutingOptions>))]
    [InlineData(typeof(RoutingOptions))]
    [InlineData(typeof(IProviderCatalog))]
    [InlineData(typeof(RouterProvider))]
    public void AddHost_WithAPluginThatTriesToAddAClock_RegistersEachHostServiceOnce(Type serviceType)
    {
        var services = new ServiceCollection().AddHost(new HostSettings(_folder.ConfigPath), TextWriter.Null, LogLevel.Warning);

        Assert.Single(services, d => d.ServiceType == serviceType);
    }

    [Fact]
    public async Task AddHost_ClockRegisteredFirst_IsTheClockOfTheRouterAndOfThePlugins()
    {
        var clock = new FakeTimeProvider();
        var services = new ServiceCollection().AddSingleton<TimeProvider>(clock);
        services.AddHost(new HostSettings(_folder.ConfigPath), TextWriter.Null, LogLevel.Warning);
        await using var provider = services.BuildServiceProvider();

        Assert.Same(clock, Assert.Single(provider.GetServices<TimeProvider>()));
    }

    [Fact]
    public async Task ServerHost_SameRegistrations_OneRouterOverTheConfiguredCatalog()
    {
        _folder.WriteConfig("""{ "pluginsPath": "plugins", "routing": { "maxRetries": 7 } }""");

        await using var app = ServerHost.Build(new HostSettings(_folder.ConfigPath), new ServerOptions { Urls = "http://127.0.0.1:0" }, TextWriter.Null);

        Assert.Equal(7, app.Services.GetRequiredService<RoutingOptions>().MaxRetries);
        Assert.Same(app.Services.GetRequiredService<IOptions<RoutingOptions>>().Value, app.Services.GetRequiredService<RoutingOptions>());
        Assert.Same(app.Services.GetRequiredService<RouterProvider>(), app.Services.GetRequiredService<RouterProvider>());
        Assert.Equal(["AllenAI"], app.Services.GetRequiredService<IProviderCatalogSource>().Current.Providers.Select(p => p.Name));
        Assert.Same(TimeProvider.System, app.Services.GetRequiredService<TimeProvider>());
    }
}
