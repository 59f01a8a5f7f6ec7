using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenAI;
using OpenAI.Chat;
using Providers.Host.Configuration;
using Providers.Host.Hosting;
using Providers.Host.Plugins;
using Providers.Host.Server;

namespace Providers.Host.Tests.Server;

/// <summary>The real server on a free Kestrel port of 127.0.0.1, with clients pointed at it.</summary>
internal sealed class RunningServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RunningServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    public static async Task<RunningServer> StartAsync(IProviderCatalog catalog, string? apiKey = null,
        long maxRequestBodyBytes = 1024 * 1024, RoutingOptions? routing = null, TimeSpan? shutdownTimeout = null, TimeProvider? time = null,
        IReadOnlyList<string>? corsOrigins = null, ILoggerFactory? loggerFactory = null)
    {
        var options = new ServerOptions
        {
            CorsOrigins = corsOrigins ?? [],
            Urls = "http://127.0.0.1:0",
            ApiKey = apiKey,
            MaxRequestBodyBytes = maxRequestBodyBytes,
            ShutdownTimeout = shutdownTimeout ?? TimeSpan.FromSeconds(2),
        };
        var builder = ServerApp.CreateBuilder(options);
        if (time is not null)
        {
            // Before the core services, whose clock is registered only when none is.
            builder.Services.AddSingleton(time);
        }

        builder.Services.AddHostCore(TextWriter.Null, LogLevel.Warning, routing ?? new RoutingOptions { MaxRetries = 0 })
            .AddSingleton(catalog);
        if (loggerFactory is not null)
        {
            builder.Services.AddSingleton(loggerFactory);
        }

        return await StartAsync(ServerApp.Build(builder));
    }

    /// <summary>The server <c>host serve</c> builds from plugins.json (<see cref="ServerHost.Build"/>); logs go to <paramref name="log"/>.</summary>
    public static async Task<RunningServer> StartAsync(HostSettings settings, TextWriter log, string? apiKey = null)
    {
        var options = new ServerOptions { Urls = "http://127.0.0.1:0", ApiKey = apiKey, ShutdownTimeout = TimeSpan.FromSeconds(2) };
        return await StartAsync(ServerHost.Build(settings, options, log));
    }

    private static async Task<RunningServer> StartAsync(WebApplication app)
    {
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return new RunningServer(app, new Uri(app.Urls.Single()));
    }

    /// <summary>The official OpenAI SDK client; its own retries are off so each test sees one request.</summary>
    /// <param name="model">The model every request names.</param>
    /// <param name="apiKey">Sent as the bearer token.</param>
    /// <param name="transport">The SDK's HTTP client; null for its default.</param>
    public ChatClient ChatClient(string model, string apiKey = "not-checked", HttpClient? transport = null) =>
        new(model, new ApiKeyCredential(apiKey), new OpenAIClientOptions
        {
            Endpoint = new Uri(BaseAddress, "v1"),
            RetryPolicy = new ClientRetryPolicy(0),
            Transport = transport is null ? null : new HttpClientPipelineTransport(transport),
        });

    public Task<HttpResponseMessage> PostChatAsync(string json, CancellationToken cancellationToken = default) =>
        Http.PostAsync("v1/chat/completions", new StringContent(json, Encoding.UTF8, "application/json"), cancellationToken);

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    public Task StopAsync() => _app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
