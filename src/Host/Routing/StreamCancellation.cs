namespace Providers.Host.Routing;

/// <summary>The token a router layer's stream is cancelled by, as an iterator's <c>[EnumeratorCancellation]</c> would have it.</summary>
internal static class StreamCancellation
{
    /// <summary>The call's token when it can be cancelled, else the enumerator's: the callers pass one of them, or the same one twice.</summary>
    public static CancellationToken Of(CancellationToken call, CancellationToken enumerator) => call.CanBeCanceled ? call : enumerator;
}
