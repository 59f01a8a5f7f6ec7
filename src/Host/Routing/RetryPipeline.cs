using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Providers.Host.Configuration;

namespace Providers.Host.Routing;

/// <summary>The Polly retry strategy the router uses for failures before a candidate's first output.</summary>
/// <remarks>
/// Exponential backoff (<c>initial × 2^attempt</c>, capped at the maximum) without jitter, so the
/// delays are exact and testable. An upstream's <c>Retry-After</c> (429, 503) is honoured exactly
/// when it fits within the maximum backoff; a longer one is not waited for: the router fails over
/// instead, because holding a client longer than the configured bound is worse than asking another
/// provider. What is transient is <see cref="FailureClassifier"/>'s call. Time comes from the
/// injected clock.
/// </remarks>
internal static class RetryPipeline
{
    /// <summary>Which candidate a retry belongs to, for the log line.</summary>
    public static readonly ResiliencePropertyKey<RouteCandidate> Candidate = new("providers.route-candidate");

    public static ResiliencePipeline Create(RoutingOptions options, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.MaxRetries == 0)
        {
            return ResiliencePipeline.Empty;
        }

        var maxBackoff = TimeSpan.FromMilliseconds(options.MaxBackoffMilliseconds);
        return new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = false,
                // A maximum of 0 caps every backoff at 0 (retry at once); Polly reads a MaxDelay of 0 as "no cap".
                Delay = TimeSpan.FromMilliseconds(Math.Min(options.InitialBackoffMilliseconds, options.MaxBackoffMilliseconds)),
                MaxDelay = maxBackoff > TimeSpan.Zero ? maxBackoff : null,
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is { } error && WorthRetrying(error, args.Context.CancellationToken.IsCancellationRequested, maxBackoff)),
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Exception is { } error ? AskedDelay(error) : null),
                OnRetry = args =>
                {
                    if (args.Context.Properties.TryGetValue(Candidate, out var candidate))
                    {
                        RouterLog.Retrying(logger, candidate.Name, candidate.ModelId, args.Outcome.Exception?.Message ?? "", args.RetryDelay);
                    }

                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>Transient, not the caller's cancellation, and not asking for a longer wait than the bound.</summary>
    public static bool WorthRetrying(Exception error, bool cancelledByCaller, TimeSpan maxBackoff)
    {
        var failure = FailureClassifier.Classify(error, cancelledByCaller);
        return failure.IsTransient && (failure.RetryAfter is not { } asked || asked <= maxBackoff);
    }

    // Null lets the strategy compute its exponential backoff.
    private static TimeSpan? AskedDelay(Exception error) =>
        FailureClassifier.Classify(error).RetryAfter is { } asked ? (asked < TimeSpan.Zero ? TimeSpan.Zero : asked) : null;
}
