using System.Runtime.CompilerServices;
using Providers.Abstractions;

namespace Providers.TestPlugins.ThrowingRegistrar;

/// <summary>A provider that would work, but whose plugin's registrar throws.</summary>
public sealed class ThrowingRegistrarProvider : IAsyncGeneratorProvider
{
    public static ProviderMetadata Info { get; } = new()
    {
        Name = "ThrowingRegistrar",
        Label = "ThrowingRegistrar (test)",
        Url = new("http://127.0.0.1/ThrowingRegistrar"),
        DefaultModel = "registrar-1",
        Models = ["registrar-1"],
    };

    public ProviderMetadata Metadata => Info;

    public async IAsyncEnumerable<ResponseItem> CreateAsyncGenerator(ChatRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        yield return new FinishItem(FinishReason.Stop);
    }
}
