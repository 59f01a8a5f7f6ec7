namespace Providers.Host.Routing;

/// <summary>What the router changed in a request to fit a provider's flags (logged with the route).</summary>
[Flags]
internal enum RequestAdaptations
{
    None = 0,

    /// <summary>System messages were folded into the first user message.</summary>
    SystemFolded = 1,

    /// <summary>Earlier turns were dropped; only the last user message was kept.</summary>
    HistoryDropped = 2,
}
