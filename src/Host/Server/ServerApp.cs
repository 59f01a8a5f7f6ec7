using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Providers.Host.Server;

/// <summary>The OpenAI-compatible HTTP server: Kestrel, the endpoints and the API key gate.</summary>
/// <remarks>
/// Starts from <see cref="WebApplication.CreateEmptyBuilder"/> so nothing outside the arguments
/// (appsettings.json, <c>ASPNETCORE_URLS</c>, a default console logger) changes how it binds or
/// what it logs. The catalog, routing options, clock, loggers and router are not registered here:
/// the composition root adds them to <see cref="CreateBuilder"/>'s services before <see cref="Build"/>.
/// </remarks>
internal static class ServerApp
{
    /// <summary>An empty builder listening on <see cref="ServerOptions.Urls"/>; add the host's services, then call <see cref="Build"/>.</summary>
    public static WebApplicationBuilder CreateBuilder(ServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
        });
        builder.WebHost.UseUrls(options.Urls);
        // `host serve` reports a failure to start as one line of its own; the host's log of it would be a second.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
        builder.Services.AddRoutingCore();
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = options.ShutdownTimeout);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<ChatCompletionsEndpoint>();
        builder.Services.AddSingleton<CatalogEndpoints>();
        builder.Services.AddConcurrencyCap(options);
        builder.Services.AddSingleton<CapabilityGate>();
        builder.Services.AddSingleton<ResponseStore>(_ => new ResponseStore());
        builder.Services.AddSingleton<ResponsesEndpoint>();
        builder.Services.AddServerCors();
        builder.Services.AddSingleton(services => new IdleMemoryTrimmer(services.GetRequiredService<TimeProvider>(),
            services.GetRequiredService<ILogger<IdleMemoryTrimmer>>()));
        builder.Services.AddHostedService(services => services.GetRequiredService<IdleMemoryTrimmer>());
        return builder;
    }

    /// <summary>Builds the app and maps the API; the builder's services must hold the router and its catalog.</summary>
    public static WebApplication Build(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var app = builder.Build();
        try
        {
            Map(app);
            return app;
        }
        catch
        {
            // The catalog is created while mapping; an invalid plugin section must not leave the app behind.
            ((IDisposable)app).Dispose();
            throw;
        }
    }

    private static void Map(WebApplication app)
    {
        var options = app.Services.GetRequiredService<ServerOptions>();
        // Outermost, so a request counts as running until its response is written.
        app.Use(app.Services.GetRequiredService<IdleMemoryTrimmer>().InvokeAsync);
        // First, so every answer (errors from the layers below included) carries the request id.
        app.Use(ActivatorUtilities.CreateInstance<RequestIdMiddleware>(app.Services).InvokeAsync);
        app.Use(new BadRequestAnswers(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger<BadRequestAnswers>()).InvokeAsync);
        app.UseStatusCodePages(StatusCodeAnswers.WriteAsync);
        app.UseServerCors(options);
        if (options.ApiKey is { Length: > 0 } apiKey)
        {
            var gate = new ApiKeyGate(apiKey);
            app.Use(gate.InvokeAsync);
        }

        app.UseRateLimiter();
        app.UseRouting();
        var chat = app.Services.GetRequiredService<ChatCompletionsEndpoint>();
        var views = app.Services.GetRequiredService<CatalogEndpoints>();
        app.MapPost("/v1/chat/completions", new RequestDelegate(chat.HandleAsync));
        app.MapPost("/v1/responses", new RequestDelegate(app.Services.GetRequiredService<ResponsesEndpoint>().HandleAsync));
        app.MapGet("/v1/models", new RequestDelegate(views.ListModelsAsync));
        app.MapGet("/v1/models/{**id}", new RequestDelegate(views.GetModelAsync));
        app.MapGet("/v1/providers", new RequestDelegate(views.ListProvidersAsync));
        app.MapGet("/v1/providers/{id}", new RequestDelegate(views.GetProviderAsync));
        app.MapMethods("/health", [HttpMethods.Get, HttpMethods.Head], new RequestDelegate(views.HealthAsync));

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ServerApp).FullName!);
        app.Lifetime.ApplicationStarted.Register(() => ServerLog.Listening(logger, app.Urls, options.ApiKey is { Length: > 0 }));
    }
}
