using Providers.Abstractions;

namespace Providers.Host.Routing;

/// <summary>Every provider that serves the model is resting after repeated failures.</summary>
/// <remarks>A provider failure (HTTP 502, exit code 1), not a usage error: the model itself is valid.</remarks>
internal sealed class NoAvailableProviderException(string model, IReadOnlyList<string> cooling, DateTimeOffset retryAt)
    : ProviderException(
        string.Join(", ", cooling),
        $"Every provider serving '{model}' is cooling down after repeated failures ({string.Join(", ", cooling)}); retry after {retryAt:O}.")
{
    /// <summary>When the first of them becomes available again.</summary>
    public DateTimeOffset RetryAt { get; } = retryAt;

    /// <inheritdoc />
    public override bool IsTransient => true;
}
