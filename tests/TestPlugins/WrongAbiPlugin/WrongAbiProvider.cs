using System.Runtime.CompilerServices;
using Providers.Abstractions;

namespace Providers.TestPlugins.WrongAbi;

/// <summary>A provider in a plugin that declares an incompatible contract version.</summary>
public sealed class WrongAbiProvider : IAsyncGeneratorProvider
{
    public static ProviderMetadata Info { get; } = new()
    {
        Name = "WrongAbi",
        Label = "WrongAbi (test)",
        Url = new("http://127.0.0.1/WrongAbi"),
        DefaultModel = "wrong-abi-1",
        Models = ["wrong-abi-1"],
    };

    public ProviderMetadata Metadata => Info;

    public async IAsyncEnumerable<ResponseItem> CreateAsyncGenerator(ChatRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        yield return new FinishItem(FinishReason.Stop);
    }
}
