using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Providers.Abstractions;

namespace Providers.TestPlugins.Echo;

/// <summary>A real, well-behaved provider: replies with its prefix and the last user message.</summary>
public sealed class EchoProvider(IOptions<EchoOptions> options, ILogger<EchoProvider> logger) : IAsyncGeneratorProvider
{
    public static ProviderMetadata Info { get; } = new()
    {
        Name = "Echo",
        Label = "Echo (test)",
        Url = new("http://127.0.0.1/echo"),
        ApiEndpoint = new("http://127.0.0.1:9/echo"),
        Working = true,
        SupportsStream = true,
        SupportsSystemMessage = true,
        SupportsMessageHistory = false,
        DefaultModel = "echo-1",
        Models = ["echo-1", "echo-2"],
        ModelAliases = new Dictionary<string, string> { ["echo"] = "echo-1", ["parrot"] = "echo" },
    };

    public ProviderMetadata Metadata => Info;

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
