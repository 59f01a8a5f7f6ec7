using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Providers.Abstractions;

namespace Providers.AllenAI;

/// <summary>Registers the AllenAI options and its HTTP client.</summary>
public sealed class AllenAIServiceRegistrar : IProviderServiceRegistrar
{
    public void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AllenAIOptions>()
            .Bind(configuration, o => o.ErrorOnUnknownConfiguration = true)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddHttpClient(AllenAIProvider.HttpClientName);
    }
}
