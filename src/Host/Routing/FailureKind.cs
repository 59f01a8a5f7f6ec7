namespace Providers.Host.Routing;

/// <summary>What went wrong, in the few kinds that decide retries, health, HTTP status and exit code.</summary>
internal enum FailureKind
{
    /// <summary>The caller's request is wrong (bad value, bad option): fix it, do not retry.</summary>
    InvalidRequest,

    /// <summary>No provider knows the model name.</summary>
    ModelNotFound,

    /// <summary>The host's own configuration or a file the caller named is unusable.</summary>
    Usage,

    /// <summary>The caller cancelled (Ctrl+C, a closed connection).</summary>
    Cancelled,

    /// <summary>The upstream asked to slow down (429) and no other candidate took the request.</summary>
    RateLimited,

    /// <summary>Every candidate rests after failing, or the upstream said it is unavailable (503).</summary>
    Unavailable,

    /// <summary>The upstream went silent.</summary>
    Timeout,

    /// <summary>The upstream or the connection to it broke.</summary>
    Upstream,

    /// <summary>A bug here or in a plugin: an exception nobody expected.</summary>
    Internal,
}
