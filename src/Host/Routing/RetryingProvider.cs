using Polly;
using Providers.Abstractions;

namespace Providers.Host.Routing;

/// <summary>Retries a candidate's transient failures before its first output; after that, the stream passes through untouched.</summary>
/// <remarks>Never after text: a retry then would send the client the same text twice.</remarks>
internal sealed class RetryingProvider(IAsyncGeneratorProvider innerProvider, ResiliencePipeline retry, RouteCandidate candidate)
    : DelegatingProvider(innerProvider)
{
    public override IAsyncEnumerable<ResponseItem> CreateAsyncGenerator(ChatRequest request, CancellationToken cancellationToken = default) =>
        new OpenedStream(token => OpenAsync(request, token), cancellationToken);

    private async Task<FirstOutput> OpenAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(RetryPipeline.Candidate, candidate);
        try
        {
            return await retry.ExecuteAsync(
                static (context, state) => new ValueTask<FirstOutput>(FirstOutput.OpenAsync(state.Inner, state.Request, context.CancellationToken)),
                context,
                (Inner: InnerProvider, Request: request)).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }
}
