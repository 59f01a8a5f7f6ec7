using System.Runtime.CompilerServices;
using Providers.Abstractions;

namespace Providers.TestPlugins.MissingDependency;

/// <summary>A provider whose constructor needs an assembly the plugin folder does not contain.</summary>
public sealed class MissingDependencyProvider(ProviderInstance instance) : IAsyncGeneratorProvider
{
    // Runs in the constructor, so creating the provider needs the missing assembly.
    public string Greeting { get; } = new MissingDependencyLib.Dependency().Greeting;

    public ProviderMetadata Metadata { get; } = MissingDependencyProviderType.MetadataFor(instance);

    public async IAsyncEnumerable<ResponseItem> CreateAsyncGenerator(ChatRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        yield return new FinishItem(FinishReason.Stop);
    }
}
