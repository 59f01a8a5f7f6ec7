using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Providers.Plugins.Shared;

/// <summary>
/// An instance's <see cref="IHttpClientFactory"/> whose whole stack (the factory, its options, handler
/// builders, logging, metrics and the primary handler) is registered and built at the first
/// <see cref="CreateClient"/>, in a container of its own.
/// </summary>
/// <remarks>
/// <c>host providers</c> and <c>host models</c> create every instance and send nothing; registering
/// <c>AddHttpClient</c> beside the provider cost each listing the load of System.Net.Http and the
/// factory's services. The stack logs through the instance's logger factory, as it did there; that
/// factory belongs to whoever gave it and is not disposed with the stack.
/// </remarks>
internal sealed class DeferredHttpClientFactory : IHttpClientFactory, IDisposable
{
    private readonly Lazy<ServiceProvider> _stack;

    /// <param name="loggerFactory">The instance's logger factory; null: the stack gets one of its own (no output), as <c>AddHttpClient</c> would add.</param>
    /// <param name="addHttpClient">Registers the named clients (<c>AddHttpClient</c>) into the stack's container.</param>
    public DeferredHttpClientFactory(ILoggerFactory? loggerFactory, Action<IServiceCollection> addHttpClient)
    {
        ArgumentNullException.ThrowIfNull(addHttpClient);
        _stack = new Lazy<ServiceProvider>(() => Build(loggerFactory, addHttpClient), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Whether a client was ever asked for (and the stack built).</summary>
    public bool IsBuilt => _stack.IsValueCreated;

    public HttpClient CreateClient(string name) => _stack.Value.GetRequiredService<IHttpClientFactory>().CreateClient(name);

    public void Dispose()
    {
        if (_stack.IsValueCreated)
        {
            _stack.Value.Dispose();
        }
    }

    private static ServiceProvider Build(ILoggerFactory? loggerFactory, Action<IServiceCollection> addHttpClient)
    {
        var services = new ServiceCollection();
        if (loggerFactory is not null)
        {
            services.AddSingleton(loggerFactory);
        }

        addHttpClient(services);
        return services.BuildServiceProvider();
    }
}
