using System.Diagnostics;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;
using Polly.CircuitBreaker;
using Providers.Abstractions;

namespace Providers.Host.Routing;

/// <summary>Tries one request's candidates in order until one produces output, then stays with it.</summary>
/// <remarks>
/// Each candidate is a pipeline of its own (adaptation, breaker, retry, logging). A candidate that
/// fails before its first output, after its retries, hands over to the next; once output has been
/// yielded the stream is committed and a later failure is rethrown as is, so a consumer never
/// receives the same text twice. The caller's cancellation is never failed over. When every
/// candidate failed, the last real failure is rethrown unchanged; when every candidate was resting,
/// <see cref="NoAvailableProviderException"/> says until when.
/// </remarks>
internal sealed class FailoverProvider(
    ProviderMetadata metadata,
    string model,
    IReadOnlyList<(RouteCandidate Candidate, IAsyncGeneratorProvider Pipeline)> candidates,
    RouteContext route,
    TimeProvider time,
    ILogger logger) : IAsyncGeneratorProvider
{
    public ProviderMetadata Metadata { get; } = metadata;

    public IAsyncEnumerable<ResponseItem> CreateAsyncGenerator(ChatRequest request, CancellationToken cancellationToken = default) =>
        new OpenedStream(token => OpenAsync(request, token), cancellationToken);

    /// <summary>The first candidate's stream that reaches its first output, replayed with a failure after it logged.</summary>
    private async Task<FirstOutput> OpenAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        Exception? lastFailure = null;
        var resting = new List<string>();
        var restingUntil = DateTimeOffset.MaxValue;
        foreach (var (candidate, pipeline) in candidates)
        {
            FirstOutput opened;
            try
            {
                opened = await FirstOutput.OpenAsync(pipeline, request, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (BrokenCircuitException broken)
            {
                var until = time.GetUtcNow() + (broken.RetryAfter is { } wait && wait > TimeSpan.Zero ? wait : TimeSpan.FromSeconds(1));
                RouterLog.SkippedCooling(logger, candidate.Name, candidate.ModelId, until);
                resting.Add(candidate.ToString());
                restingUntil = until < restingUntil ? until : restingUntil;
                continue;
            }
#pragma warning disable CA1031 // Any failure before output hands over to the next candidate; the last one is rethrown below.
            catch (Exception error)
#pragma warning restore CA1031
            {
                RouterLog.FailingOver(logger, candidate.Name, candidate.ModelId, error);
                lastFailure = error;
                continue;
            }

            route.Select(candidate);
            RouterLog.Serving(logger, candidate.Name, candidate.ModelId);
            return opened with
            {
                // Committed: a later failure is the client's to see, as is; it is only logged here.
                FailedAfterOutput = error =>
                {
                    if (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                    {
                        RouterLog.FailedAfterOutput(logger, candidate.Name, candidate.ModelId, error);
                    }
                },
            };
        }

        if (lastFailure is null)
        {
            throw new NoAvailableProviderException(model, resting, restingUntil, restingUntil - time.GetUtcNow());
        }

        RouterLog.AllFailed(logger, model);
        ExceptionDispatchInfo.Throw(lastFailure);
        throw new UnreachableException();
    }
}
