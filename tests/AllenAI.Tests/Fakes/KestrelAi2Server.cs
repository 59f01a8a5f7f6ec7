using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace Providers.AllenAI.Tests.Fakes;

/// <summary>
/// A fake Ai2 backend on Kestrel (127.0.0.1, random port) for ordinary cases: records each request
/// (multipart fields parsed in wire order) and answers with whatever the test's responder writes.
/// </summary>
internal sealed class KestrelAi2Server : IAsyncDisposable
{
    private readonly WebApplication _app;

    private KestrelAi2Server(WebApplication app, Uri baseUri)
    {
        _app = app;
        BaseUri = baseUri;
    }

    public Uri BaseUri { get; }

    public Uri MessageStreamEndpoint => new(BaseUri, "/v4/message/stream");

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public static async Task<KestrelAi2Server> StartAsync(Func<HttpContext, RecordedRequest, Task> respond)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        KestrelAi2Server? server = null;
        app.Run(async context =>
        {
            var recorded = await RecordAsync(context.Request);
            server!.Requests.Enqueue(recorded);
            await respond(context, recorded);
        });
        await app.StartAsync();
        var address = app.Urls.Single();
        server = new KestrelAi2Server(app, new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal)));
        return server;
    }

    /// <summary>A responder that sends <paramref name="body"/> with <paramref name="status"/>.</summary>
    public static Func<HttpContext, RecordedRequest, Task> Respond(int status, string body, string contentType = "application/jsonl") =>
        async (context, _) =>
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = contentType;
            await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(body));
        };

    public static Func<HttpContext, RecordedRequest, Task> Respond(int status, byte[] body, string contentType = "application/jsonl") =>
        async (context, _) =>
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = contentType;
            await context.Response.Body.WriteAsync(body);
        };

    private static async Task<RecordedRequest> RecordAsync(HttpRequest request)
    {
        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var fields = new List<KeyValuePair<string, string>>();
        if (request.ContentType is { } contentType && MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
            && mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            var reader = new MultipartReader(HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value!, request.Body);
            while (await reader.ReadNextSectionAsync() is { } section)
            {
                var disposition = ContentDispositionHeaderValue.Parse(section.ContentDisposition);
                using var text = new StreamReader(section.Body, Encoding.UTF8);
                fields.Add(new(HeaderUtilities.RemoveQuotes(disposition.Name).Value!, await text.ReadToEndAsync()));
            }
        }

        return new RecordedRequest(request.Method, request.Path.Value ?? "", headers, request.ContentType, fields);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
