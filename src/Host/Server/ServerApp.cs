using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Providers.Host.Plugins;
using Providers.Host.Routing;

namespace Providers.Host.Server;

/// <summary>Builds the OpenAI-compatible HTTP server over a provider catalog.</summary>
/// <remarks>
/// Starts from <see cref="WebApplication.CreateEmptyBuilder"/> so nothing outside the arguments
/// (appsettings.json, <c>ASPNETCORE_URLS</c>, a default console logger) changes how it binds or
/// what it logs. The catalog, routing options, clock and router live in the app's services, so a
/// test or the CLI hands in a catalog and gets a server.
/// </remarks>
internal static class ServerApp
{
    public static WebApplication Create(IProviderCatalog catalog, ServerOptions options, RoutingOptions routing,
        ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(routing);

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
        });
        builder.WebHost.UseUrls(options.Urls);
        builder.Services.AddRoutingCore();
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = options.ShutdownTimeout);
        builder.Services.AddLogging();
        builder.Services.Replace(ServiceDescriptor.Singleton(loggerFactory ?? NullLoggerFactory.Instance));

        builder.Services.AddSingleton(catalog);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(routing);
        builder.Services.AddSingleton(timeProvider ?? TimeProvider.System);
        builder.Services.AddSingleton<RouterProvider>();
        builder.Services.AddSingleton<ChatCompletionsEndpoint>();
        builder.Services.AddSingleton<CatalogEndpoints>();
        builder.Services.AddSingleton<CapabilityGate>();
        builder.Services.AddSingleton<ResponseStore>(_ => new ResponseStore());
        builder.Services.AddSingleton<ResponsesEndpoint>();
        builder.Services.AddServerCors();

        var app = builder.Build();
        app.Use(ActivatorUtilities.CreateInstance<RequestIdMiddleware>(app.Services).InvokeAsync);
        app.UseServerCors(options);
        if (options.ApiKey is { Length: > 0 } apiKey)
        {
            var gate = new ApiKeyGate(apiKey);
            app.Use(gate.InvokeAsync);
        }

        app.UseRouting();
        var chat = app.Services.GetRequiredService<ChatCompletionsEndpoint>();
        var views = app.Services.GetRequiredService<CatalogEndpoints>();
        app.MapPost("/v1/chat/completions", new RequestDelegate(chat.HandleAsync));
        app.MapPost("/v1/responses", new RequestDelegate(app.Services.GetRequiredService<ResponsesEndpoint>().HandleAsync));
        app.MapGet("/v1/models", new RequestDelegate(views.ListModelsAsync));
        app.MapGet("/v1/models/{**id}", new RequestDelegate(views.GetModelAsync));
        app.MapGet("/v1/providers", new RequestDelegate(views.ListProvidersAsync));
        app.MapGet("/v1/providers/{id}", new RequestDelegate(views.GetProviderAsync));
        app.MapGet("/health", new RequestDelegate(views.HealthAsync));
        // "{*path}", not the default "{*path:nonfile}": /favicon.ico and /v1/models.json get the OpenAI-shaped 404 too.
        app.MapFallback("{*path}", new RequestDelegate(CatalogEndpoints.UnknownRouteAsync));

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ServerApp).FullName!);
        app.Lifetime.ApplicationStarted.Register(() => ServerLog.Listening(logger, app.Urls, options.ApiKey is { Length: > 0 }));
        return app;
    }
}
