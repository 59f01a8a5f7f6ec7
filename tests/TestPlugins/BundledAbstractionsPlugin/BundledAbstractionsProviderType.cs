using Microsoft.Extensions.DependencyInjection;
using Providers.Abstractions;

namespace Providers.TestPlugins.BundledAbstractions;

/// <summary>The <c>BundledAbstractions</c> test provider type.</summary>
public sealed class BundledAbstractionsProviderType : IProviderType
{
    public string Name => "BundledAbstractions";

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
        services.AddSingleton<IAsyncGeneratorProvider, BundledAbstractionsProvider>();
    }

    internal static ProviderMetadata MetadataFor(ProviderInstance instance) => new()
    {
        Name = instance.Name,
        Label = "BundledAbstractions (test)",
        Url = new("http://127.0.0.1/BundledAbstractions"),
        DefaultModel = "bundled-1",
        Models = ["bundled-1"],
    };
}
