using Microsoft.AspNetCore.Http;
using Providers.Host.Plugins;
using Providers.Host.Routing;
using Providers.Host.Server.Contracts;

namespace Providers.Host.Server;

/// <summary><c>GET /v1/models</c>, <c>/v1/providers</c>, <c>/v1/providers/{id}</c> and <c>/health</c>: read-only views of the catalog.</summary>
internal sealed class CatalogEndpoints(IProviderCatalog catalog, RouterProvider router)
{
    /// <summary>Each real model id once, in routing order; <c>owned_by</c> is the provider tried first for it.</summary>
    /// <remarks><c>created</c> is 0: providers publish no creation dates, and a made-up one would mislead.</remarks>
    public Task ListModelsAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var cards = router.EligibleProviders
            .SelectMany(e => e.Metadata!.Models.Select(id => (Id: id, Provider: e.Name)))
            .Where(m => seen.Add(m.Id))
            .Select(m => new ModelCard(m.Id, 0, m.Provider))
            .ToList();
        return context.Response.WriteAsJsonAsync(new ModelList(cards), ServerJsonContext.Wire.ModelList, contentType: null, context.RequestAborted);
    }

    public Task ListProvidersAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var cards = catalog.Providers.Select(e => ToCard(e, withModels: false)).ToList();
        return context.Response.WriteAsJsonAsync(cards, ServerJsonContext.Wire.ListProviderCard, contentType: null, context.RequestAborted);
    }

    public Task GetProviderAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var id = context.Request.RouteValues["id"] as string ?? "";
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
        return context.Response.WriteAsJsonAsync(new HealthReport("ok", router.EligibleProviders.Count),
            ServerJsonContext.Wire.HealthReport, contentType: null, context.RequestAborted);
    }

    private static ProviderCard ToCard(ProviderEntry entry, bool withModels) => ProviderCard.From(ProviderView.From(entry), withModels);
}
