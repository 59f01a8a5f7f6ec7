using Providers.Abstractions;

namespace Providers.Host.Routing;

/// <summary>A provider that passes every call to an inner one; layers of the routing pipeline derive from it.</summary>
/// <remarks>The shape of Microsoft.Extensions.AI's <c>DelegatingChatClient</c>: override what the layer changes, inherit the rest.</remarks>
internal abstract class DelegatingProvider : IAsyncGeneratorProvider
{
    protected DelegatingProvider(IAsyncGeneratorProvider innerProvider)
    {
        ArgumentNullException.ThrowIfNull(innerProvider);
        InnerProvider = innerProvider;
    }

    /// <summary>The provider this layer wraps.</summary>
    protected IAsyncGeneratorProvider InnerProvider { get; }

    public virtual ProviderMetadata Metadata => InnerProvider.Metadata;

    public virtual IAsyncEnumerable<ResponseItem> CreateAsyncGenerator(ChatRequest request, CancellationToken cancellationToken = default) =>
        InnerProvider.CreateAsyncGenerator(request, cancellationToken);
}
