using System.Net;
using Polly.CircuitBreaker;
using Providers.Abstractions;
using Providers.Host.Configuration;

namespace Providers.Host.Routing;

/// <summary>The one place that decides what a failure means: retry it? rest the provider? which status and exit code?</summary>
/// <remarks>
/// <para>
/// The retry layer, the circuit breaker, the HTTP server and the CLI all ask here, so they cannot
/// drift apart. A request the provider refused (a bad value, an unknown model, a raw
/// <see cref="ArgumentException"/> from a plugin) is neither retried nor held against the
/// provider's health: one client's bad requests must not rest a provider for everyone.
/// </para>
/// <para>
/// HTTP: 400 for the caller's mistakes, 429 (with <c>Retry-After</c>) for a rate limit no other
/// candidate absorbed, 503 (with <c>Retry-After</c>) when every candidate rests or the upstream
/// said it is unavailable, 504 for a silent upstream, 502 for any other upstream failure, 500 for
/// a bug. Exit codes: 2 usage, 130 interrupted, 1 everything else.
/// </para>
/// </remarks>
internal static class FailureClassifier
{
    private const int _exitProviderFailure = 1;
    private const int _exitUsage = 2;
    private const int _exitInterrupted = 130;

    // nginx's "client closed request"; nobody reads it (the client is gone), but logs do.
    private const int _clientClosedRequest = 499;

    /// <param name="error">The failure.</param>
    /// <param name="cancelledByCaller">
    /// Whether the caller's own token was cancelled. A cancellation the caller did not ask for is a
    /// provider or HTTP client giving up on its own: a timeout.
    /// </param>
    public static Failure Classify(Exception error, bool cancelledByCaller = false)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error switch
        {
            UsageException => Refused(FailureKind.Usage),
            ModelNotFoundException => Refused(FailureKind.ModelNotFound),
            InvalidChatRequestException or ArgumentException => Refused(FailureKind.InvalidRequest),
            OperationCanceledException when cancelledByCaller =>
                new(FailureKind.Cancelled, false, false, _clientClosedRequest, _exitInterrupted, null),
            BrokenCircuitException broken =>
                new(FailureKind.Unavailable, false, false, StatusCodes(HttpStatusCode.ServiceUnavailable), _exitProviderFailure, broken.RetryAfter),
            NoAvailableProviderException resting =>
                new(FailureKind.Unavailable, false, false, StatusCodes(HttpStatusCode.ServiceUnavailable), _exitProviderFailure, resting.RetryAfter),
            MissingAuthException => Upstream(HttpStatusCode.BadGateway, transient: false, null),
            RateLimitedException limited => new(FailureKind.RateLimited, true, true,
                StatusCodes(HttpStatusCode.TooManyRequests), _exitProviderFailure, limited.RetryAfter),
            UpstreamException { Status: HttpStatusCode.ServiceUnavailable } unavailable => new(FailureKind.Unavailable, true, true,
                StatusCodes(HttpStatusCode.ServiceUnavailable), _exitProviderFailure, unavailable.RetryAfter),
            UpstreamException { Status: HttpStatusCode.GatewayTimeout } => Silent(),
            UpstreamException upstream => Upstream(HttpStatusCode.BadGateway, upstream.IsTransient, upstream.RetryAfter),
            ProviderTimeoutException or TimeoutException or OperationCanceledException => Silent(),
            ProviderException provider => Upstream(HttpStatusCode.BadGateway, provider.IsTransient, null),

            // A plugin that does not wrap its network errors still failed upstream, not here.
            HttpRequestException or IOException => Upstream(HttpStatusCode.BadGateway, transient: true, null),

            // A provider throwing what nobody expects is unwell, but retrying a bug does not help.
            _ => new(FailureKind.Internal, false, true, StatusCodes(HttpStatusCode.InternalServerError), _exitProviderFailure, null),
        };
    }

    private static Failure Refused(FailureKind kind) =>
        new(kind, false, false, StatusCodes(HttpStatusCode.BadRequest), _exitUsage, null);

    private static Failure Silent() =>
        new(FailureKind.Timeout, true, true, StatusCodes(HttpStatusCode.GatewayTimeout), _exitProviderFailure, null);

    // Only a failure worth retrying says the provider is unwell; a refusal (401, 403, 400) says nothing about it.
    private static Failure Upstream(HttpStatusCode status, bool transient, TimeSpan? retryAfter) =>
        new(FailureKind.Upstream, transient, transient, StatusCodes(status), _exitProviderFailure, retryAfter);

    private static int StatusCodes(HttpStatusCode status) => (int)status;
}
