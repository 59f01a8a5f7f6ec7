using System.Runtime.CompilerServices;
using Providers.Abstractions;

namespace Providers.TestPlugins.WrongAbi;

/// <summary>A provider in a plugin that declares an incompatible contract version.</summary>
public sealed class WrongAbiProvider(ProviderInstance instance) : IAsyncGeneratorProvider
{
    public ProviderMetadata Metadata { get; } = WrongAbiProviderType.MetadataFor(instance);

    public async IAsyncEnumerable<ResponseItem> CreateAsyncGenerator(ChatRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        yield return new FinishItem(FinishReason.Stop);
    }
}
