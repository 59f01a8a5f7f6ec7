using System.Net;

namespace Providers.Abstractions;

/// <summary>The upstream refused the caller's identity (HTTP 401 or 403).</summary>
public sealed class MissingAuthException(string provider, HttpStatusCode status, string? serverMessage, string message)
    : UpstreamException(provider, status, serverMessage, message)
{
    /// <inheritdoc />
    public override bool IsTransient => false;
}
