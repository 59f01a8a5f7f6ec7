using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Providers.Abstractions;

namespace Providers.TestPlugins.ThrowingRegistrar;

/// <summary>Registers a service, then throws: the host must roll the half-done registration back.</summary>
public sealed class ThrowingRegistrarServiceRegistrar : IProviderServiceRegistrar
{
    /// <summary>Registered before the throw; must not survive in the host's container.</summary>
    public static Uri HalfRegistered { get; } = new("http://127.0.0.1/half-registered");

    public void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(HalfRegistered);
        throw new InvalidOperationException("The registrar test plugin always fails.");
    }
}
