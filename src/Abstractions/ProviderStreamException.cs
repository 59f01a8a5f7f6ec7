namespace Providers.Abstractions;

/// <summary>The stream broke after it started: an error line, a cut connection, a missing end.</summary>
/// <remarks>Raised after the text already received has been yielded.</remarks>
public sealed class ProviderStreamException(string provider, string reason, string message, bool isTransient = false, Exception? innerException = null)
    : ProviderException(provider, message, innerException)
{
    /// <summary>A short machine-readable reason (the upstream's <c>reason</c>, or e.g. <c>connection reset</c>).</summary>
    public string Reason { get; } = reason;

    /// <inheritdoc />
    public override bool IsTransient { get; } = isTransient;
}
