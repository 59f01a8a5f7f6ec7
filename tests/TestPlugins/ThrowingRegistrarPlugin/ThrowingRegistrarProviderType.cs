using Microsoft.Extensions.DependencyInjection;
using Providers.Abstractions;

namespace Providers.TestPlugins.ThrowingRegistrar;

/// <summary>A provider type whose ConfigureServices always throws after registering something.</summary>
public sealed class ThrowingRegistrarProviderType : IProviderType
{
    /// <summary>Registered before the throw; must not survive anywhere.</summary>
    public static Uri HalfRegistered { get; } = new("http://127.0.0.1/half-registered");

    public string Name => "ThrowingRegistrar";

    public Type OptionsType => typeof(ProviderOptions);

    public bool RequiresConfiguration => false;

    public ProviderMetadata Describe(ProviderInstance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return MetadataFor(instance);
    }

    public void ConfigureServices(IServiceCollection services, ProviderInstance instance)
    {
        ArgumentNullException.ThrowIfNull(services);
        // Registers a service, then throws: the host must drop the half-done container, and the host's own never sees it.
        services.AddSingleton(HalfRegistered);
        throw new InvalidOperationException("The registrar test plugin always fails.");
    }

    internal static ProviderMetadata MetadataFor(ProviderInstance instance) => new()
    {
        Name = instance.Name,
        Label = "ThrowingRegistrar (test)",
        Url = new("http://127.0.0.1/ThrowingRegistrar"),
        DefaultModel = "registrar-1",
        Models = ["registrar-1"],
    };
}
