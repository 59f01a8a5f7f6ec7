using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Providers.Abstractions;

namespace Providers.TestPlugins.Flaky;

public sealed class FlakyServiceRegistrar : IProviderServiceRegistrar
{
    public void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FlakyOptions>()
            .Bind(configuration, o => o.ErrorOnUnknownConfiguration = true)
            .ValidateDataAnnotations()
            .ValidateOnStart();
    }
}
