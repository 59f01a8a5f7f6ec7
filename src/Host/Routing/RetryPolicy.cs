using Providers.Abstractions;
using Providers.Host.Configuration;

namespace Providers.Host.Routing;

/// <summary>Decides whether a failure before the first output is worth another try, and how long to wait.</summary>
/// <remarks>
/// Backoff is <c>initial × 2^attempt</c>, capped at the maximum, without jitter so the delays are
/// exact and testable (requests arrive spread out already; the router retries only before output).
/// A 429's <c>Retry-After</c> is honoured exactly when it fits within the maximum backoff; a longer
/// one is not waited for: the router fails over instead, because holding a client longer than the
/// configured bound is worse than asking another provider.
/// </remarks>
internal static class RetryPolicy
{
    public static bool IsTransient(Exception error) => error switch
    {
        ProviderException provider => provider.IsTransient,

        // A plugin that does not wrap its network errors still gets retried on resets and timeouts;
        // cancellation reaching here is never the caller's (that is rethrown before).
        HttpRequestException or IOException or TimeoutException or OperationCanceledException => true,
        _ => false,
    };

    /// <summary>The backoff before retry number <paramref name="attempt"/> + 1 (attempt 0 is the first retry).</summary>
    public static TimeSpan Backoff(RoutingOptions options, int attempt)
    {
        ArgumentNullException.ThrowIfNull(options);
        var milliseconds = Math.Min(
            options.InitialBackoffMilliseconds * Math.Pow(2, attempt),
            options.MaxBackoffMilliseconds);
        return TimeSpan.FromMilliseconds(milliseconds);
    }

    /// <summary>True when the failed attempt number <paramref name="attempt"/> (0-based) should be retried after <paramref name="delay"/>.</summary>
    public static bool ShouldRetry(RoutingOptions options, int attempt, Exception error, out TimeSpan delay)
    {
        ArgumentNullException.ThrowIfNull(options);
        delay = TimeSpan.Zero;
        if (attempt >= options.MaxRetries || !IsTransient(error))
        {
            return false;
        }

        if (error is RateLimitedException { RetryAfter: { } retryAfter })
        {
            delay = retryAfter < TimeSpan.Zero ? TimeSpan.Zero : retryAfter;
            return delay <= TimeSpan.FromMilliseconds(options.MaxBackoffMilliseconds);
        }

        delay = Backoff(options, attempt);
        return true;
    }
}
