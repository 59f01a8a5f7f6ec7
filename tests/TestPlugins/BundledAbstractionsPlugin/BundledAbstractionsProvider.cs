using System.Runtime.CompilerServices;
using Providers.Abstractions;

namespace Providers.TestPlugins.BundledAbstractions;

/// <summary>A provider from a plugin that ships its own copy of Providers.Abstractions.</summary>
public sealed class BundledAbstractionsProvider : IAsyncGeneratorProvider
{
    public static ProviderMetadata Info { get; } = new()
    {
        Name = "BundledAbstractions",
        Label = "BundledAbstractions (test)",
        Url = new("http://127.0.0.1/BundledAbstractions"),
        DefaultModel = "bundled-1",
        Models = ["bundled-1"],
    };

    public ProviderMetadata Metadata => Info;

    public async IAsyncEnumerable<ResponseItem> CreateAsyncGenerator(ChatRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        yield return new FinishItem(FinishReason.Stop);
    }
}
