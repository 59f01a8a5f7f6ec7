using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Providers.Abstractions;

namespace Providers.TestPlugins.Echo;

/// <summary>A real, well-behaved provider: replies with its prefix and the last user message.</summary>
public sealed class EchoProvider(IOptions<EchoOptions> options, ILogger<EchoProvider> logger, ProviderInstance instance) : IAsyncGeneratorProvider
{
    public ProviderMetadata Metadata { get; } = EchoProviderType.MetadataFor(instance);

    public async IAsyncEnumerable<ResponseItem> CreateAsyncGenerator(ChatRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        if (logger.IsEnabled(LogLevel.Debug))
        {
            logger.LogDebug("Echoing {Count} messages", request.Messages.Count);
        }

        yield return new TextDelta(options.Value.Prefix + PromptFormatter.LastUserMessage(request.Messages));
        yield return new FinishItem(FinishReason.Stop);
    }
}
