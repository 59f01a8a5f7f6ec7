using System.Net;

namespace Providers.Abstractions;

/// <summary>The upstream asked the caller to slow down (HTTP 429).</summary>
public sealed class RateLimitedException(string provider, TimeSpan? retryAfter, string? serverMessage, string message)
    : UpstreamException(provider, HttpStatusCode.TooManyRequests, serverMessage, message)
{
    /// <summary>How long the upstream asked to wait, when it said.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;

    /// <inheritdoc />
    public override bool IsTransient => true;
}
