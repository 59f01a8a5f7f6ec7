using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Providers.Abstractions;

namespace Providers.OpenAICompatible;

/// <summary>The <c>OpenAICompatible</c> provider type: one instance per configured section, each with its own server.</summary>
public sealed class OpenAICompatibleProviderType : IProviderType
{
    public const string TypeName = "OpenAICompatible";

    public string Name => TypeName;

    public Type OptionsType => typeof(OpenAICompatibleOptions);

    /// <summary>Without a <c>baseUrl</c> there is nothing to talk to.</summary>
    public bool RequiresConfiguration => true;

    public ProviderMetadata Describe(ProviderInstance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var options = instance.Configuration.Get<OpenAICompatibleOptions>() ?? new OpenAICompatibleOptions();
        return MetadataFactory.Create(instance.Name, options);
    }

    public void ConfigureServices(IServiceCollection services, ProviderInstance instance)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(instance);
        services.AddOptions<OpenAICompatibleOptions>()
            .Bind(instance.Configuration)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<OpenAICompatibleOptions>, OpenAICompatibleOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        // Built at the first request, not here: listing providers creates every instance and sends nothing.
        services.AddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<OpenAICompatibleOptions>>();
            return new LazyHttpStack(provider.GetService<ILoggerFactory>(), http => http
                .AddHttpClient(OpenAICompatibleProvider.HttpClientName, client =>
                {
                    // The provider enforces timeoutSeconds per read; a whole-request timeout would cut long replies.
                    client.Timeout = Timeout.InfiniteTimeSpan;
                })
                .ConfigurePrimaryHttpMessageHandler(() => CreateHandler(options.Value)));
        });
        services.AddSingleton(provider => provider.GetRequiredService<LazyHttpStack>().Factory);
        services.AddSingleton<IAsyncGeneratorProvider>(provider => ActivatorUtilities.CreateInstance<OpenAICompatibleProvider>(provider, instance));
    }

    internal static SocketsHttpHandler CreateHandler(OpenAICompatibleOptions options) => new()
    {
        // An explicit proxy or none: environment proxy variables must not silently reroute the upstream.
        UseProxy = options.Proxy is not null,
        Proxy = options.Proxy is { } proxy
            ? new WebProxy(UrlCredentials.WithoutUserInfo(proxy)) { Credentials = UrlCredentials.CredentialsOf(proxy) }
            : null,
        ConnectTimeout = TimeSpan.FromSeconds(options.TimeoutSeconds),
        AutomaticDecompression = DecompressionMethods.None,
        // An abandoned reply (cancel, timeout, error) closes its connection at once instead of
        // draining a still-generating upstream for up to 2 s to reuse the connection.
        MaxResponseDrainSize = 0,
        ResponseDrainTimeout = TimeSpan.Zero,
    };
}
