using Microsoft.Extensions.DependencyInjection;
using Providers.Abstractions;

namespace Providers.TestPlugins.Hot;

/// <summary>The <c>Hot</c> provider type: works without configuration and uses nothing that outlives its load context.</summary>
public sealed class HotProviderType : IProviderType
{
    public string Name => "Hot";

    public Type OptionsType => typeof(ProviderOptions);

    public bool RequiresConfiguration => false;

    public ProviderMetadata Describe(ProviderInstance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return HotProvider.MetadataFor(instance);
    }

    public void ConfigureServices(IServiceCollection services, ProviderInstance instance)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<IAsyncGeneratorProvider, HotProvider>();
    }
}
