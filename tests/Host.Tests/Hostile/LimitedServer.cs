using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Providers.Host.Configuration;
using Providers.Host.Hosting;
using Providers.Host.Plugins;
using Providers.Host.Server;

namespace Providers.Host.Tests.Hostile;

/// <summary>The real server on a free loopback port with chosen limits and a chosen logger.</summary>
internal sealed class LimitedServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LimitedServer(WebApplication app)
    {
        _app = app;
        BaseAddress = new Uri(app.Urls.Single());
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    public static async Task<LimitedServer> StartAsync(IProviderCatalog catalog, int maxConcurrent = 64, int maxQueued = 512,
        long maxReplyChars = 4 * 1024 * 1024, ILoggerFactory? loggerFactory = null)
    {
        var options = new ServerOptions
        {
            Urls = "http://127.0.0.1:0",
            MaxConcurrentRequests = maxConcurrent,
            MaxQueuedRequests = maxQueued,
            MaxReplyChars = maxReplyChars,
            ShutdownTimeout = TimeSpan.FromSeconds(2),
        };
        var builder = ServerApp.CreateBuilder(options);
        builder.Services.AddHostCore(TextWriter.Null, LogLevel.Warning, new RoutingOptions { MaxRetries = 0 }).AddSingleton(catalog);
        if (loggerFactory is not null)
        {
            builder.Services.AddSingleton(loggerFactory);
        }

        var app = ServerApp.Build(builder);
        await app.StartAsync();
        return new LimitedServer(app);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
