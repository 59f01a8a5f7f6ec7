namespace Providers.Host.Server;

/// <summary>A non-stream reply outgrew <see cref="ServerOptions.MaxReplyChars"/>; the upstream is cancelled.</summary>
internal sealed class ReplyTooLargeException(long limit)
    : Exception($"The provider's reply exceeds {limit} characters.")
{
    public long Limit { get; } = limit;
}
