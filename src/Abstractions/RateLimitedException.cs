using System.Net;

namespace Providers.Abstractions;

/// <summary>The upstream asked the caller to slow down (HTTP 429).</summary>
public sealed class RateLimitedException : UpstreamException
{
    /// <summary>Creates the exception; <paramref name="retryAfter"/> is also <see cref="UpstreamException.RetryAfter"/>.</summary>
    public RateLimitedException(string provider, TimeSpan? retryAfter, string? serverMessage, string message)
        : base(provider, HttpStatusCode.TooManyRequests, serverMessage, message)
    {
        base.RetryAfter = retryAfter;
    }

    /// <summary>How long the upstream asked to wait, when it said.</summary>
    public new TimeSpan? RetryAfter => base.RetryAfter;

    /// <inheritdoc />
    public override bool IsTransient => true;
}
