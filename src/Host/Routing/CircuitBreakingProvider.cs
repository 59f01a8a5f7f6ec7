using Polly;
using Providers.Abstractions;

namespace Providers.Host.Routing;

/// <summary>Runs each attempt's opening (up to the first output) through the candidate's circuit breaker.</summary>
/// <remarks>
/// While the breaker is open the candidate is not called: Polly's <c>BrokenCircuitException</c>
/// surfaces at once, is not retried, and the failover layer moves on. A failure after output is not counted: the
/// breaker judges requests by whether they could be served, and that one was.
/// </remarks>
internal sealed class CircuitBreakingProvider(IAsyncGeneratorProvider innerProvider, ResiliencePipeline breaker)
    : DelegatingProvider(innerProvider)
{
    public override IAsyncEnumerable<ResponseItem> CreateAsyncGenerator(ChatRequest request, CancellationToken cancellationToken = default) =>
        new OpenedStream(token => OpenAsync(request, token), cancellationToken);

    private async Task<FirstOutput> OpenAsync(ChatRequest request, CancellationToken cancellationToken) =>
        await breaker.ExecuteAsync(
            static (state, token) => new ValueTask<FirstOutput>(FirstOutput.OpenAsync(state.Inner, state.Request, token)),
            (Inner: InnerProvider, Request: request),
            cancellationToken).ConfigureAwait(false);
}
