using System.Runtime.CompilerServices;
using Providers.Abstractions;

namespace Providers.TestPlugins.Throwing;

/// <summary>A provider whose constructor always throws.</summary>
public sealed class ThrowingProvider : IAsyncGeneratorProvider
{
    public static ProviderMetadata Info { get; } = new()
    {
        Name = "Throwing",
        Label = "Throwing (test)",
        Url = new("http://127.0.0.1/Throwing"),
        DefaultModel = "throwing-1",
        Models = ["throwing-1"],
    };

    public ThrowingProvider() => throw new InvalidOperationException("The throwing test provider always fails to start.");

    public ProviderMetadata Metadata => Info;

    public async IAsyncEnumerable<ResponseItem> CreateAsyncGenerator(ChatRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        yield return new FinishItem(FinishReason.Stop);
    }
}
