namespace Providers.Abstractions;

/// <summary>The provider or the network failed.</summary>
/// <remarks>Hosts map it to exit code 1 or HTTP 502; the message is one line meant for users.</remarks>
public class ProviderException(string provider, string message, Exception? innerException = null)
    : Exception(message, innerException)
{
    /// <summary>The provider's name.</summary>
    public string Provider { get; } = provider;

    /// <summary>Whether the same request may succeed if retried (timeouts, 429, 5xx, resets).</summary>
    public virtual bool IsTransient => false;
}
