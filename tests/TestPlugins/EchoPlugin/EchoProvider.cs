using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Providers.Abstractions;

namespace Providers.TestPlugins.Echo;

/// <summary>A real, well-behaved provider: replies with its prefix and the last user message.</summary>
public sealed class EchoProvider(IOptions<EchoOptions> options, ILogger<EchoProvider> logger, ProviderInstance instance) : IAsyncGeneratorProvider, IDisposable
{
    public ProviderMetadata Metadata { get; } = EchoProviderType.MetadataFor(instance);

    /// <summary>Set by the container that owns the instance when the host shuts down.</summary>
    public bool IsDisposed { get; private set; }

    public void Dispose() => IsDisposed = true;

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
