using Microsoft.AspNetCore.Http;
using Providers.Abstractions;
using Providers.Host.Plugins;
using Providers.Host.Routing;
using Providers.Host.Server.Contracts;

namespace Providers.Host.Server;

/// <summary><c>GET /v1/models</c>, <c>/v1/models/{id}</c>, <c>/v1/providers</c>, <c>/v1/providers/{id}</c> and <c>/health</c>: read-only views of the catalog.</summary>
/// <remarks>Each answer reads the router's current snapshot once, so it shows one provider set even while plugins come and go.</remarks>
internal sealed class CatalogEndpoints(RouterProvider router, TimeProvider time)
{

    // Providers publish no creation dates; the server's start is a real time that tells a client
    // when the list was made, where 0 (1970) would look like data.
    private readonly long _created = time.GetUtcNow().ToUnixTimeSeconds();

    /// <summary>
    /// Each real model id once, in routing order (<c>owned_by</c> is the provider tried first for it),
    /// then each host alias that resolves (owned by the provider it leads to first).
    /// </summary>
    public Task ListModelsAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var snapshot = router.CurrentSnapshot;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var cards = snapshot.Resolver.Eligible
            .SelectMany(e => e.Metadata!.Models.Select(id => (Id: id, Provider: e.Name)))
            .Concat(snapshot.Catalog.HostAliases.Keys.Order(StringComparer.Ordinal)
                .Select(alias => (Id: alias, Provider: TryResolve(snapshot.Resolver, alias)?.Name!))
                .Where(a => a.Provider is not null))
            .Where(m => seen.Add(m.Id))
            .Select(m => new ModelCard(m.Id, _created, m.Provider))
            .ToList();
        return context.Response.WriteAsJsonAsync(new ModelList(cards), ServerJsonContext.Wire.ModelList, contentType: null, context.RequestAborted);
    }

    /// <summary><c>GET /v1/models/{id}</c>: a model id, or any alias answered with the real id it routes to first.</summary>
    public Task GetModelAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var id = Uri.UnescapeDataString(context.Request.RouteValues["id"] as string ?? "");
        if (TryResolve(router.CurrentSnapshot.Resolver, id) is not { } route)
        {
            return OpenAIError.NotFound($"The model '{id}' does not exist. List the models with GET /v1/models.", "model_not_found")
                .WriteAsync(context);
        }

        return context.Response.WriteAsJsonAsync(new ModelCard(route.ModelId, _created, route.Name), ServerJsonContext.Wire.ModelCard,
            contentType: null, context.RequestAborted);
    }

    private static RouteCandidate? TryResolve(ModelRouteResolver resolver, string name)
    {
        try
        {
            return resolver.Resolve(name)[0];
        }
        catch (Exception error) when (error is ModelNotFoundException or InvalidChatRequestException)
        {
            return null;
        }
    }

    public Task ListProvidersAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var cards = router.CurrentSnapshot.Catalog.Providers.Select(e => ToCard(e, withModels: false)).ToList();
        return context.Response.WriteAsJsonAsync(cards, ServerJsonContext.Wire.ListProviderCard, contentType: null, context.RequestAborted);
    }

    public Task GetProviderAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var id = context.Request.RouteValues["id"] as string ?? "";
        var catalog = router.CurrentSnapshot.Catalog;
        var entry = catalog.Providers.FirstOrDefault(e => string.Equals(e.Name, id, StringComparison.Ordinal))
            ?? catalog.Providers.FirstOrDefault(e => string.Equals(e.Name, id, StringComparison.OrdinalIgnoreCase));
        if (entry is null)
        {
            var known = string.Join(", ", catalog.Providers.Select(e => e.Name));
            return OpenAIError.NotFound($"Unknown provider '{id}'. Known: {known}.", "provider_not_found").WriteAsync(context);
        }

        return context.Response.WriteAsJsonAsync(ToCard(entry, withModels: true), ServerJsonContext.Wire.ProviderCard,
            contentType: null, context.RequestAborted);
    }

    public Task HealthAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Response.WriteAsJsonAsync(new HealthReport("ok", router.CurrentSnapshot.Resolver.Eligible.Count),
            ServerJsonContext.Wire.HealthReport, contentType: null, context.RequestAborted);
    }

    private static ProviderCard ToCard(ProviderEntry entry, bool withModels) => ProviderCard.From(ProviderView.From(entry), withModels);
}
