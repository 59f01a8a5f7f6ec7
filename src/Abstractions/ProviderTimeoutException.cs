namespace Providers.Abstractions;

/// <summary>The upstream was silent for longer than the configured timeout.</summary>
/// <remarks>Hosts map it to exit code 1 or HTTP 504.</remarks>
public sealed class ProviderTimeoutException(string provider, TimeSpan timeout, string message)
    : ProviderException(provider, message)
{
    /// <summary>The silence that was allowed.</summary>
    public TimeSpan Timeout { get; } = timeout;

    /// <inheritdoc />
    public override bool IsTransient => true;
}
