using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Providers.Abstractions;

/// <summary>Lets a plugin register what its providers need (options, HTTP clients) before they are built.</summary>
/// <remarks>
/// Optional. The host finds implementations in the plugin assembly, creates each with its
/// parameterless constructor and calls it once; the providers themselves are registered by the host.
/// </remarks>
public interface IProviderServiceRegistrar
{
    /// <summary>Adds the plugin's services.</summary>
    /// <param name="services">The host's service collection.</param>
    /// <param name="configuration">The provider's own section (<c>providers:&lt;Name&gt;</c>).</param>
    void ConfigureServices(IServiceCollection services, IConfiguration configuration);
}
