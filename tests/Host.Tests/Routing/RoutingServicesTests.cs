using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Providers.Abstractions;
using Providers.Host.Configuration;
using Providers.Host.Plugins;
using Providers.Host.Routing;
using Providers.Host.Tests.Fakes;
using ChatMessage = Providers.Abstractions.ChatMessage;
using ChatRole = Providers.Abstractions.ChatRole;

namespace Providers.Host.Tests.Routing;

/// <summary>The router's registration: which options, clock and catalog source it is built from.</summary>
public sealed class RoutingServicesTests
{
    private readonly RecordingTimeProvider _time = new();
    private readonly FakeProvider _provider = FakeProvider.Create("P", ["m"]);

    public RoutingServicesTests() =>
        _provider.StreamCallback = (_, token) => FakeProvider.Fail(new InvalidOperationException("bug"), token);

    [Fact]
    public async Task AddProviderRouter_RoutingOptionsInstanceAndClockRegistered_TheRouterRestsByThemOnThatClock()
    {
        var services = Services().AddSingleton(new RoutingOptions { FailuresBeforeCooldown = 2, CooldownSeconds = 30 }).AddSingleton<TimeProvider>(_time);
        services.Configure<RoutingOptions>(o => o.CooldownSeconds = 99);

        var resting = await RestAsync(services.AddProviderRouter(), failures: 2);

        Assert.Equal((_time.GetUtcNow() + TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30)), (resting.RetryAt, resting.RetryAfter));
    }

    [Fact]
    public async Task AddProviderRouter_OnlyConfiguredOptions_TheRouterUsesThem()
    {
        var services = Services().AddSingleton<TimeProvider>(_time);
        services.Configure<RoutingOptions>(o => (o.FailuresBeforeCooldown, o.CooldownSeconds) = (2, 45));

        var resting = await RestAsync(services.AddProviderRouter(), failures: 2);

        Assert.Equal(TimeSpan.FromSeconds(45), resting.RetryAfter);
    }

    [Fact]
    public async Task AddProviderRouter_NoOptionsNorClock_DefaultsOnTheSystemClock()
    {
        var before = DateTimeOffset.UtcNow;

        var resting = await RestAsync(Services().AddProviderRouter(), failures: new RoutingOptions().FailuresBeforeCooldown);

        Assert.InRange(resting.RetryAt, before + TimeSpan.FromSeconds(60), DateTimeOffset.UtcNow + TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task AddProviderRouter_CatalogSourceAlreadyRegistered_KeepsIt()
    {
        var source = new ProviderCatalogSource(FakeCatalog.Of(FakeProvider.Create("Own", ["own"])));
        await using var provider = Services().AddSingleton<IProviderCatalogSource>(source).AddProviderRouter().BuildServiceProvider();

        var router = provider.GetRequiredService<RouterProvider>();

        Assert.Equal(["Own"], router.EligibleProviders.Select(e => e.Name));
        Assert.Same(source, provider.GetRequiredService<IProviderCatalogSource>());
    }

    [Fact]
    public void AddProviderRouter_NullServices_ThrowsArgumentNull() =>
        Assert.Equal("services", Assert.Throws<ArgumentNullException>(() => Providers.Host.Routing.RoutingServiceCollectionExtensions.AddProviderRouter(null!)).ParamName);

    private ServiceCollection Services()
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.ClearProviders());
        services.AddSingleton<IProviderCatalog>(FakeCatalog.Of(_provider));
        return services;
    }

    // A bug in the provider: never retried, but held against its health, so each request is one failure.
    private static async Task<NoAvailableProviderException> RestAsync(IServiceCollection services, int failures)
    {
        await using var provider = services.BuildServiceProvider();
        var router = provider.GetRequiredService<RouterProvider>();
        var request = new ChatRequest { Model = "m", Messages = [new ChatMessage(ChatRole.User, "hi")] };
        for (var i = 0; i < failures; i++)
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => Collect.AllAsync(router.CreateAsyncGenerator(request)));
        }

        return await Assert.ThrowsAsync<NoAvailableProviderException>(() => Collect.AllAsync(router.CreateAsyncGenerator(request)));
    }
}
