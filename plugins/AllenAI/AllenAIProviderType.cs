using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Providers.Abstractions;

namespace Providers.AllenAI;

/// <summary>The <c>AllenAI</c> provider type: one Ai2 Playground provider per configured instance, or one named <c>AllenAI</c> when none is.</summary>
public sealed class AllenAIProviderType : IProviderType
{
    public string Name => AllenAIProvider.ProviderName;

    public Type OptionsType => typeof(AllenAIOptions);

    /// <summary>False: the public playground needs no key or URL, so a bare plugin folder already works.</summary>
    public bool RequiresConfiguration => false;

    public ProviderMetadata Describe(ProviderInstance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return AllenAIProvider.MetadataFor(instance);
    }

    public void ConfigureServices(IServiceCollection services, ProviderInstance instance)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(instance);
        services.AddOptions<AllenAIOptions>()
            .Bind(instance.Configuration)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<AllenAIOptions>, AllenAIOptionsValidator>();
        // Built at the first request, not here: listing providers creates every instance and sends nothing.
        services.AddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<AllenAIOptions>>();
            return new LazyHttpStack(provider.GetService<ILoggerFactory>(), http => http
                .AddHttpClient(AllenAIProvider.HttpClientName, client =>
                {
                    // The provider enforces timeoutSeconds per read; a whole-request timeout would cut long replies.
                    client.Timeout = Timeout.InfiniteTimeSpan;
                })
                .ConfigurePrimaryHttpMessageHandler(() => CreateHandler(options.Value)));
        });
        services.AddSingleton(provider => provider.GetRequiredService<LazyHttpStack>().Factory);
        services.AddSingleton<IAsyncGeneratorProvider, AllenAIProvider>();
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
