namespace Providers.AllenAI.Protocol;

/// <summary>A stream line grew past <see cref="AllenAIOptions.MaxLineBytes"/>; mapped to a provider error by the caller.</summary>
internal sealed class StreamLineTooLongException(int maxLineBytes)
    : Exception($"A stream line is longer than maxLineBytes ({maxLineBytes} bytes).")
{
    public int MaxLineBytes { get; } = maxLineBytes;
}
