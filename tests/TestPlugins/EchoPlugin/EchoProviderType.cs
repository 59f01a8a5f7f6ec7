using Microsoft.Extensions.DependencyInjection;
using Providers.Abstractions;

namespace Providers.TestPlugins.Echo;

/// <summary>The <c>Echo</c> provider type: works without configuration, and several instances may each have their own prefix.</summary>
public sealed class EchoProviderType : IProviderType
{
    public string Name => "Echo";

    public Type OptionsType => typeof(EchoOptions);

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
        services.AddOptions<EchoOptions>()
            .Bind(instance.Configuration)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        // What AllenAI once did in the host's container: this clock must stay inside the instance's own.
        services.AddSingleton<TimeProvider>(new EchoClock());
        services.AddSingleton<IAsyncGeneratorProvider, EchoProvider>();
    }

    internal static ProviderMetadata MetadataFor(ProviderInstance instance) => new()
    {
        Name = instance.Name,
        Label = "Echo (test)",
        Url = new("http://127.0.0.1/echo"),
        ApiEndpoint = new("http://127.0.0.1:9/echo"),
        Working = true,
        SupportsStream = true,
        SupportsSystemMessage = true,
        SupportsMessageHistory = false,
        DefaultModel = "echo-1",
        Models = ["echo-1", "echo-2"],
        ModelAliases = new Dictionary<string, string> { ["echo"] = "echo-1", ["parrot"] = "echo" },
    };
}
