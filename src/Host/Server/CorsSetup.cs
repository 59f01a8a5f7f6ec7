using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Providers.Host.Configuration;

namespace Providers.Host.Server;

/// <summary>CORS for browser clients, off unless origins are configured (<c>serve --cors-origin</c> or <c>serve.corsOrigins</c>).</summary>
/// <remarks>
/// Runs before the API key check: a browser's preflight never carries credentials, so it is
/// answered here; the real request that follows still needs the key. Error answers (401, 429…)
/// carry the CORS headers too, so a browser app can read why it failed. The request id and
/// <c>Retry-After</c> are exposed to scripts.
/// </remarks>
internal static class CorsSetup
{
    public static IServiceCollection AddServerCors(this IServiceCollection services) => services.AddCors();

    public static WebApplication UseServerCors(this WebApplication app, ServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(options);
        // The command line replaces plugins.json's list rather than adding to it, as every option does.
        var origins = options.CorsOrigins.Count > 0 ? options.CorsOrigins
            : app.Services.GetService<HostConfiguration>() is { } config ? ServeSection.ReadCorsOrigins(config.Root, config.Sources)
            : [];
        if (origins.Count > 0)
        {
            app.UseCors(policy => Configure(policy, origins));
        }

        return app;
    }

    private static void Configure(CorsPolicyBuilder policy, IReadOnlyList<string> origins)
    {
        if (origins.Contains("*"))
        {
            policy.AllowAnyOrigin();
        }
        else
        {
            policy.WithOrigins([.. origins]);
        }

        policy.AllowAnyHeader()
            .WithMethods("GET", "POST")
            .WithExposedHeaders(RequestIdMiddleware.HeaderName, "Retry-After", "x-should-retry")
            .SetPreflightMaxAge(TimeSpan.FromMinutes(10));
    }
}
