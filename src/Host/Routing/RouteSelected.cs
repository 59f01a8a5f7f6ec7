using Providers.Abstractions;

namespace Providers.Host.Routing;

/// <summary>Which provider and real model the router committed to for this reply.</summary>
/// <remarks>
/// Yielded by <see cref="RouterProvider"/> right before the chosen provider's first item, so a
/// consumer that cares (the HTTP server fills <c>model</c> from it) learns the route before any
/// text; consumers that do not know the kind ignore it, as the contract says.
/// </remarks>
internal sealed record RouteSelected(string Provider, string Model) : ResponseItem;
