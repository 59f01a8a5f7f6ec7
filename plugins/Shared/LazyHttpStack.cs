using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Providers.Plugins.Shared;

/// <summary>
/// An instance's HTTP stack (<c>AddHttpClient</c>'s factory, its options, handler builders, logging,
/// metrics and the primary handler), registered and built the first time <see cref="Factory"/>'s
/// value is read, in a container of its own, and disposed with the instance.
/// </summary>
/// <remarks>
/// <c>host providers</c> and <c>host models</c> create every instance and send nothing; registering
/// <c>AddHttpClient</c> beside the provider cost each listing the load of System.Net.Http and the
/// factory's services. This type deliberately does not implement <see cref="IHttpClientFactory"/>:
/// plugin discovery loads every type of the plugin, and matching that interface's
/// <c>CreateClient</c> would load System.Net.Http there. The stack logs through the instance's
/// logger factory, as it did beside the provider; that factory is not disposed with the stack.
/// </remarks>
internal sealed class LazyHttpStack : IDisposable
{
    private readonly Lazy<ServiceProvider> _stack;

    /// <param name="loggerFactory">The instance's logger factory; null: the stack gets one of its own (no output), as <c>AddHttpClient</c> would add.</param>
    /// <param name="addHttpClient">Registers the named clients (<c>AddHttpClient</c>) into the stack's container.</param>
    public LazyHttpStack(ILoggerFactory? loggerFactory, Action<IServiceCollection> addHttpClient)
    {
        ArgumentNullException.ThrowIfNull(addHttpClient);
        _stack = new Lazy<ServiceProvider>(() => Build(loggerFactory, addHttpClient), LazyThreadSafetyMode.ExecutionAndPublication);
        Factory = new Lazy<IHttpClientFactory>(() => _stack.Value.GetRequiredService<IHttpClientFactory>(), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The stack's client factory, built when first read: what the provider takes through DI.</summary>
    public Lazy<IHttpClientFactory> Factory { get; }

    /// <summary>Whether the stack was built.</summary>
    public bool IsBuilt => _stack.IsValueCreated;

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
