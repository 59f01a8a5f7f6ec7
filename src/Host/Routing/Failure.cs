namespace Providers.Host.Routing;

/// <summary>One failure as every layer and both front ends see it.</summary>
/// <param name="Kind">What went wrong.</param>
/// <param name="IsTransient">The same request may succeed if retried (before any output).</param>
/// <param name="CountsAgainstHealth">The failure says the provider is unwell (feeds its circuit breaker).</param>
/// <param name="HttpStatus">The status <c>host serve</c> answers with.</param>
/// <param name="ExitCode">The exit code of <c>host chat</c>.</param>
/// <param name="RetryAfter">How long the caller should wait before trying again, when known.</param>
internal readonly record struct Failure(
    FailureKind Kind,
    bool IsTransient,
    bool CountsAgainstHealth,
    int HttpStatus,
    int ExitCode,
    TimeSpan? RetryAfter)
{
    /// <summary><see cref="RetryAfter"/> as whole seconds, rounded up (the unit of the HTTP header), at least 1.</summary>
    public int? RetryAfterSeconds => RetryAfter is { } wait ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : null;
}
