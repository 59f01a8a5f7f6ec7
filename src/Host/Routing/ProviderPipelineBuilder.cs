using Providers.Abstractions;

namespace Providers.Host.Routing;

/// <summary>Stacks <see cref="DelegatingProvider"/> layers around a provider, in the manner of <c>ChatClientBuilder</c>.</summary>
/// <remarks>The first layer added is the outermost: it sees the request first and the reply last.</remarks>
internal sealed class ProviderPipelineBuilder(IAsyncGeneratorProvider innerProvider)
{
    private readonly List<Func<IAsyncGeneratorProvider, IAsyncGeneratorProvider>> _layers = [];

    public ProviderPipelineBuilder Use(Func<IAsyncGeneratorProvider, IAsyncGeneratorProvider> layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        _layers.Add(layer);
        return this;
    }

    public IAsyncGeneratorProvider Build()
    {
        var provider = innerProvider;
        for (var i = _layers.Count - 1; i >= 0; i--)
        {
            provider = _layers[i](provider);
        }

        return provider;
    }
}
