using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Providers.Abstractions;

namespace Providers.AllenAI.Tests.Fakes;

/// <summary>Builds the provider the way the host does: a container of its own, the host's basics, then the plugin's provider type.</summary>
internal sealed class ProviderHarness : IDisposable
{
    private readonly ServiceProvider _services;

    public ProviderHarness(Uri endpoint, IEnumerable<KeyValuePair<string, string?>>? settings = null, TimeProvider? timeProvider = null)
    {
        var values = new Dictionary<string, string?> { ["apiEndpoint"] = endpoint.ToString() };
        foreach (var (key, value) in settings ?? [])
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var instance = new ProviderInstance(AllenAIProvider.ProviderName, AllenAIProvider.ProviderName, configuration);
        var services = new ServiceCollection();
        services.AddSingleton(instance);
        services.AddLogging();
        services.AddSingleton(timeProvider ?? TimeProvider.System);
        services.AddOptions();
        new AllenAIProviderType().ConfigureServices(services, instance);
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        try
        {
            // ValidateOnStart runs when a host starts; resolving the options here fails the same way.
            _ = _services.GetRequiredService<Microsoft.Extensions.Options.IOptions<AllenAIOptions>>().Value;
            Provider = (AllenAIProvider)_services.GetRequiredService<IAsyncGeneratorProvider>();
        }
        catch
        {
            _services.Dispose();
            throw;
        }
    }

    public AllenAIProvider Provider { get; }

    public IServiceProvider Services => _services;

    public static ProviderHarness Create(Uri endpoint, params (string Key, string? Value)[] settings) =>
        new(endpoint, settings.Select(s => KeyValuePair.Create(s.Key, s.Value)));

    public void Dispose() => _services.Dispose();
}
