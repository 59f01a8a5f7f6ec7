using Microsoft.Extensions.DependencyInjection;
using Providers.Abstractions;

namespace Providers.TestPlugins.WrongAbi;

/// <summary>The <c>WrongAbi</c> test provider type.</summary>
public sealed class WrongAbiProviderType : IProviderType
{
    public string Name => "WrongAbi";

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
        services.AddSingleton<IAsyncGeneratorProvider, WrongAbiProvider>();
    }

    internal static ProviderMetadata MetadataFor(ProviderInstance instance) => new()
    {
        Name = instance.Name,
        Label = "WrongAbi (test)",
        Url = new("http://127.0.0.1/WrongAbi"),
        DefaultModel = "wrong-abi-1",
        Models = ["wrong-abi-1"],
    };
}
