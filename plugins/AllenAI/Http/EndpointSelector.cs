namespace Providers.AllenAI.Http;

/// <summary>Chooses the endpoint per <see cref="AllenAIOptions.Protocol"/> and remembers the <c>auto</c> switch.</summary>
/// <remarks>
/// Thread-safe: one instance lives as long as the provider, and concurrent requests that all see
/// the 404 agree on the same successor. Ai2 deleted <c>/v4/message/stream</c> on 2025-11-03;
/// after the first 404 every request goes straight to <c>/v4/threads/</c>.
/// </remarks>
internal sealed class EndpointSelector
{
    internal const string MessageStreamSuffix = "/v4/message/stream";
    internal const string ThreadsPath = "/v4/threads/";

    private readonly bool _auto;
    private EndpointTarget _current;

    public EndpointSelector(string protocol, Uri configured)
    {
        _auto = protocol == AllenAIProtocol.Auto;
        _current = protocol switch
        {
            AllenAIProtocol.Threads => new EndpointTarget(LooksLikeThreads(configured) ? configured : SuccessorOf(configured), IsThreads: true),
            AllenAIProtocol.MessageStream => new EndpointTarget(configured, IsThreads: false),
            _ => new EndpointTarget(configured, LooksLikeThreads(configured)),
        };
    }

    public EndpointTarget Current => Volatile.Read(ref _current);

    /// <summary>On a 404 from <paramref name="failed"/>, moves to the successor for good (auto mode only).</summary>
    /// <returns>The endpoint to retry on, or null when no switch applies.</returns>
    public EndpointTarget? SwitchAfterNotFound(EndpointTarget failed)
    {
        if (!_auto || failed.IsThreads)
        {
            return null;
        }

        var successor = new EndpointTarget(SuccessorOf(failed.Uri), IsThreads: true);
        var previous = Interlocked.CompareExchange(ref _current, successor, failed);
        // Another request may have switched first; either way the current target is the successor.
        return ReferenceEquals(previous, failed) ? successor : Current;
    }

    /// <summary>Same origin and path prefix, <c>/v4/message/stream</c> replaced by <c>/v4/threads/</c>.</summary>
    internal static Uri SuccessorOf(Uri endpoint)
    {
        var path = endpoint.AbsolutePath.TrimEnd('/');
        var prefix = path.EndsWith(MessageStreamSuffix, StringComparison.Ordinal) ? path[..^MessageStreamSuffix.Length] : "";
        return new UriBuilder(endpoint) { Path = prefix + ThreadsPath, Query = "" }.Uri;
    }

    private static bool LooksLikeThreads(Uri endpoint) =>
        endpoint.AbsolutePath.TrimEnd('/').EndsWith("/v4/threads", StringComparison.Ordinal);
}
