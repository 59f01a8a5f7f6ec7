using Microsoft.Extensions.Logging;
using Providers.Abstractions;

namespace Providers.Host.Routing;

/// <summary>The pipeline's inner layer: logs each attempt on the provider itself. Prompts only at Trace.</summary>
/// <remarks>One instance serves one request on one candidate, so it can number the attempts.</remarks>
internal sealed class LoggingProvider(IAsyncGeneratorProvider innerProvider, RouteCandidate candidate, ILogger logger)
    : DelegatingProvider(innerProvider)
{
    private int _attempts;

    public override IAsyncEnumerable<ResponseItem> CreateAsyncGenerator(ChatRequest request, CancellationToken cancellationToken = default) =>
        new DeferredStream(token =>
        {
            var attempt = Interlocked.Increment(ref _attempts);
            RouterLog.Trying(logger, candidate.Name, candidate.ModelId, attempt);
            RouterLog.Prompt(logger, candidate.Name, candidate.ModelId, request.Messages);
            return base.CreateAsyncGenerator(request, token);
        }, cancellationToken);
}
