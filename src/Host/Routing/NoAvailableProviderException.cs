using Providers.Abstractions;

namespace Providers.Host.Routing;

/// <summary>Every provider that serves the model rests: its circuit is open after repeated failures.</summary>
/// <remarks>HTTP 503 with <c>Retry-After</c>, exit code 1: the model is valid, just not available right now.</remarks>
internal sealed class NoAvailableProviderException(string model, IReadOnlyList<string> resting, DateTimeOffset retryAt, TimeSpan retryAfter)
    : ProviderException(
        string.Join(", ", resting),
        $"Every provider serving '{model}' is resting after repeated failures ({string.Join(", ", resting)}); retry after {retryAt:O}.")
{
    /// <summary>When the first of them takes a trial request again.</summary>
    public DateTimeOffset RetryAt { get; } = retryAt;

    /// <summary>How long from now until <see cref="RetryAt"/>.</summary>
    public TimeSpan RetryAfter { get; } = retryAfter;

    /// <summary>Not retried here: waiting out a break inside one request would hold the caller for the whole break.</summary>
    public override bool IsTransient => false;
}
