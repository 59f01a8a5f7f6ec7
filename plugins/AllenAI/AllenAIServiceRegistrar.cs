using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
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
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(AllenAIProvider.HttpClientName, client =>
            {
                // The provider enforces timeoutSeconds per read; a whole-request timeout would cut long replies.
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            .ConfigurePrimaryHttpMessageHandler(provider => CreateHandler(provider.GetRequiredService<IOptions<AllenAIOptions>>().Value));
    }

    internal static SocketsHttpHandler CreateHandler(AllenAIOptions options) => new()
    {
        // An explicit proxy or none: environment proxy variables must not silently reroute the upstream.
        UseProxy = options.Proxy is not null,
        Proxy = options.Proxy is { } proxy ? CreateProxy(proxy) : null,
        ConnectTimeout = TimeSpan.FromSeconds(options.TimeoutSeconds),
        AutomaticDecompression = DecompressionMethods.None,
        // A reply abandoned midway (cancel, timeout, error) must close its connection at once: by
        // default disposing an unfinished response drains it for up to 2 s to reuse the connection,
        // which keeps a generating upstream streaming to nobody.
        MaxResponseDrainSize = 0,
        ResponseDrainTimeout = TimeSpan.Zero,
    };

    /// <summary>A proxy that authenticates with the user info of its URL.</summary>
    /// <remarks>
    /// WebProxy ignores <c>user:password@</c> in its address (so the proxy answers 407), and .NET
    /// quotes the address in its errors: the credentials go to <see cref="WebProxy.Credentials"/>
    /// and the address keeps none.
    /// </remarks>
    internal static WebProxy CreateProxy(Uri proxy) => new(UrlCredentials.WithoutUserInfo(proxy))
    {
        Credentials = UrlCredentials.CredentialsOf(proxy),
    };
}
