using System.Runtime.CompilerServices;
using Providers.Abstractions;

namespace Providers.TestPlugins.MissingDependency;

/// <summary>A provider whose constructor needs an assembly the plugin folder does not contain.</summary>
public sealed class MissingDependencyProvider : IAsyncGeneratorProvider
{
    public static ProviderMetadata Info { get; } = new()
    {
        Name = "MissingDependency",
        Label = "MissingDependency (test)",
        Url = new("http://127.0.0.1/MissingDependency"),
        DefaultModel = "missing-1",
        Models = ["missing-1"],
    };

    // Runs in the constructor, so creating the provider needs the missing assembly.
    public string Greeting { get; } = new MissingDependencyLib.Dependency().Greeting;

    public ProviderMetadata Metadata => Info;

    public async IAsyncEnumerable<ResponseItem> CreateAsyncGenerator(ChatRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        yield return new FinishItem(FinishReason.Stop);
    }
}
