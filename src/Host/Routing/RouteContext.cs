namespace Providers.Host.Routing;

/// <summary>Travels alongside one request to the router: what the caller pinned, and the route the router chose.</summary>
/// <remarks>
/// The route is reported here, not as an item in the reply stream, so nothing host-only travels
/// through the contract's stream. <see cref="Selected"/> is set before the first item is yielded.
/// </remarks>
internal sealed class RouteContext
{
    /// <summary>Only this provider may serve the request (<c>host chat --provider</c>); resolved by the router, once.</summary>
    public string? PinnedProvider { get; init; }

    /// <summary>Called once, with the chosen route, before the first item is yielded.</summary>
    public Action<RouteCandidate>? OnSelected { get; init; }

    /// <summary>The provider instance and real model id serving the reply; null until one produced output.</summary>
    public RouteCandidate? Selected { get; private set; }

    internal void Select(RouteCandidate candidate)
    {
        Selected = candidate;
        OnSelected?.Invoke(candidate);
    }
}
