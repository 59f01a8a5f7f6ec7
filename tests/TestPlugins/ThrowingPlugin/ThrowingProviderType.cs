using Microsoft.Extensions.DependencyInjection;
using Providers.Abstractions;

namespace Providers.TestPlugins.Throwing;

/// <summary>The <c>Throwing</c> test provider type.</summary>
public sealed class ThrowingProviderType : IProviderType
{
    public string Name => "Throwing";

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
        services.AddSingleton<IAsyncGeneratorProvider, ThrowingProvider>();
    }

    internal static ProviderMetadata MetadataFor(ProviderInstance instance) => new()
    {
        Name = instance.Name,
        Label = "Throwing (test)",
        Url = new("http://127.0.0.1/Throwing"),
        DefaultModel = "throwing-1",
        Models = ["throwing-1"],
    };
}
