using System.Runtime.CompilerServices;
using Providers.Abstractions;

namespace Providers.TestPlugins.BundledAbstractions;

/// <summary>A provider from a plugin that ships its own copy of Providers.Abstractions.</summary>
public sealed class BundledAbstractionsProvider(ProviderInstance instance) : IAsyncGeneratorProvider
{
    public ProviderMetadata Metadata { get; } = BundledAbstractionsProviderType.MetadataFor(instance);

    public async IAsyncEnumerable<ResponseItem> CreateAsyncGenerator(ChatRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        yield return new FinishItem(FinishReason.Stop);
    }
}
