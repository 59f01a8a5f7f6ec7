using Microsoft.Extensions.DependencyInjection;
using Providers.Abstractions;

namespace Providers.TestPlugins.MissingDependency;

/// <summary>The <c>MissingDependency</c> test provider type.</summary>
public sealed class MissingDependencyProviderType : IProviderType
{
    public string Name => "MissingDependency";

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
        services.AddSingleton<IAsyncGeneratorProvider, MissingDependencyProvider>();
    }

    internal static ProviderMetadata MetadataFor(ProviderInstance instance) => new()
    {
        Name = instance.Name,
        Label = "MissingDependency (test)",
        Url = new("http://127.0.0.1/MissingDependency"),
        DefaultModel = "missing-1",
        Models = ["missing-1"],
    };
}
