using System.Net;

namespace Providers.Abstractions;

/// <summary>The upstream answered with an HTTP error before streaming.</summary>
public class UpstreamException(string provider, HttpStatusCode status, string? serverMessage, string message)
    : ProviderException(provider, message)
{
    /// <summary>The HTTP status the upstream returned.</summary>
    public HttpStatusCode Status { get; } = status;

    /// <summary>The upstream's own error message, when its body carried one.</summary>
    public string? ServerMessage { get; } = serverMessage;

    /// <summary>How long the upstream asked to wait (its <c>Retry-After</c>, e.g. on 429 or 503), when it said.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <inheritdoc />
    public override bool IsTransient => (int)Status >= 500 || Status == HttpStatusCode.RequestTimeout;
}
