using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using Providers.Abstractions;

namespace HelloPlugin;

/// <summary>Replies "&lt;greeting&gt;, &lt;last user message&gt;!", streamed in three chunks.</summary>
public sealed class HelloProvider(IOptions<HelloOptions> options, ProviderInstance instance) : IAsyncGeneratorProvider
{
    public ProviderMetadata Metadata { get; } = new HelloProviderType().Describe(instance);

    public async IAsyncEnumerable<ResponseItem> CreateAsyncGenerator(ChatRequest request,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        string[] chunks = [$"{options.Value.Greeting}, ", PromptFormatter.LastUserMessage(request.Messages), "!"];
        foreach (var chunk in chunks)
        {
            await Task.Yield();   // a real provider awaits its upstream here
            cancellationToken.ThrowIfCancellationRequested();
            yield return new TextDelta(chunk);
        }

        yield return new FinishItem(FinishReason.Stop);
    }
}
