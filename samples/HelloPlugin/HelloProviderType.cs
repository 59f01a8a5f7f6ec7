using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Providers.Abstractions;

namespace HelloPlugin;

/// <summary>The <c>Hello</c> provider type; the host finds it by its interface and creates it once.</summary>
public sealed class HelloProviderType : IProviderType
{
    public string Name => "Hello";

    public Type OptionsType => typeof(HelloOptions);

    // Works without a section: the host then creates one instance named "Hello".
    public bool RequiresConfiguration => false;

    // Data only, no I/O: listed even when the instance cannot be built.
    public ProviderMetadata Describe(ProviderInstance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return new ProviderMetadata
        {
            Name = instance.Name,
            Label = "Hello (sample)",
            Url = new Uri("https://github.com/"),
            Working = true,
            SupportsStream = true,
            DefaultModel = "hello-1",
            Models = ["hello-1"],
        };
    }

    public void ConfigureServices(IServiceCollection services, ProviderInstance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        services.AddOptions<HelloOptions>()
            .Bind(instance.Configuration)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<HelloOptions>, HelloOptionsValidator>();
        services.AddSingleton<IAsyncGeneratorProvider, HelloProvider>();
    }
}
