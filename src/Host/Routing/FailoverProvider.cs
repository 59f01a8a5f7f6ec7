using System.Runtime.CompilerServices;
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

    public async IAsyncEnumerable<ResponseItem> CreateAsyncGenerator(ChatRequest request,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
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
            await foreach (var item in StreamAsync(opened, candidate, cancellationToken).ConfigureAwait(false))
            {
                yield return item;
            }

            yield break;
        }

        if (lastFailure is null)
        {
            throw new NoAvailableProviderException(model, resting, restingUntil, restingUntil - time.GetUtcNow());
        }

        RouterLog.AllFailed(logger, model);
        ExceptionDispatchInfo.Throw(lastFailure);
    }

    private async IAsyncEnumerable<ResponseItem> StreamAsync(FirstOutput opened, RouteCandidate candidate,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var items = opened.ReplayAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
        await using (items.ConfigureAwait(false))
        {
            while (true)
            {
                try
                {
                    if (!await items.MoveNextAsync().ConfigureAwait(false))
                    {
                        yield break;
                    }
                }
                catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    RouterLog.FailedAfterOutput(logger, candidate.Name, candidate.ModelId, error);
                    throw;
                }

                yield return items.Current;
            }
        }
    }
}
