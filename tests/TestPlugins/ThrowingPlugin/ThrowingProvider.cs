using System.Runtime.CompilerServices;
using Providers.Abstractions;

namespace Providers.TestPlugins.Throwing;

/// <summary>A provider whose constructor always throws.</summary>
public sealed class ThrowingProvider : IAsyncGeneratorProvider
{
    public ThrowingProvider(ProviderInstance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        Metadata = ThrowingProviderType.MetadataFor(instance);
        throw new InvalidOperationException("The throwing test provider always fails to start.");
    }

    public ProviderMetadata Metadata { get; }

    public async IAsyncEnumerable<ResponseItem> CreateAsyncGenerator(ChatRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        yield return new FinishItem(FinishReason.Stop);
    }
}
