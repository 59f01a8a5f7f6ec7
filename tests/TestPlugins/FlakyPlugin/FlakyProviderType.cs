using Microsoft.Extensions.DependencyInjection;
using Providers.Abstractions;

namespace Providers.TestPlugins.Flaky;

/// <summary>The <c>Flaky</c> provider type.</summary>
public sealed class FlakyProviderType : IProviderType
{
    public string Name => "Flaky";

    public Type OptionsType => typeof(FlakyOptions);

    public bool RequiresConfiguration => false;

    public ProviderMetadata Describe(ProviderInstance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return MetadataFor(instance);
    }

    public void ConfigureServices(IServiceCollection services, ProviderInstance instance)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(instance);
        services.AddOptions<FlakyOptions>()
            .Bind(instance.Configuration)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IAsyncGeneratorProvider, FlakyProvider>();
    }

    internal static ProviderMetadata MetadataFor(ProviderInstance instance) => new()
    {
        Name = instance.Name,
        Label = "Flaky (test)",
        Url = new("http://127.0.0.1/flaky"),
        ApiEndpoint = new("http://127.0.0.1:9/flaky"),
        Working = true,
        SupportsStream = true,
        SupportsSystemMessage = true,
        SupportsMessageHistory = true,
        DefaultModel = "tulu3-405b",
        Models = ["tulu3-405b"],
        ModelAliases = new Dictionary<string, string>(),
    };
}
