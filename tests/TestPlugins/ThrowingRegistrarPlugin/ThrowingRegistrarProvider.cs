using System.Runtime.CompilerServices;
using Providers.Abstractions;

namespace Providers.TestPlugins.ThrowingRegistrar;

/// <summary>A provider that would work, but whose plugin's registrar throws.</summary>
public sealed class ThrowingRegistrarProvider(ProviderInstance instance) : IAsyncGeneratorProvider
{
    public ProviderMetadata Metadata { get; } = ThrowingRegistrarProviderType.MetadataFor(instance);

    public async IAsyncEnumerable<ResponseItem> CreateAsyncGenerator(ChatRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        yield return new FinishItem(FinishReason.Stop);
    }
}
