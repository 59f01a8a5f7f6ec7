using System.Text;
using System.Text.Json;
using Providers.OpenAICompatible.Tests.Fakes;

namespace Providers.Host.Tests.MultiProvider;

/// <summary>
/// An OpenAI-compatible upstream on 127.0.0.1 written on a raw socket: <c>GET /v1/models</c> lists
/// <see cref="Models"/>; every <c>POST /v1/chat/completions</c> runs the script given.
/// </summary>
internal sealed class FakeOpenAIServer : IAsyncDisposable
{
    private readonly RawHttpServer _server;

    private FakeOpenAIServer(IReadOnlyList<string> models, Func<RawExchange, Task> chat)
    {
        Models = models;
        _server = new RawHttpServer(async exchange =>
        {
            if (exchange.Request.Target.EndsWith("/models", StringComparison.Ordinal))
            {
                await exchange.SendHeadAsync(200, "application/json", chunked: false);
                var data = string.Join(",", Models.Select(m => $$"""{"id":{{JsonSerializer.Serialize(m)}},"object":"model","created":1,"owned_by":"me"}"""));
                await exchange.SendAsync(Encoding.UTF8.GetBytes($$"""{"object":"list","data":[{{data}}]}"""));
                await exchange.EndAsync();
                return;
            }

            await chat(exchange);
        });
    }

    public IReadOnlyList<string> Models { get; }

    public string BaseUrl => $"http://127.0.0.1:{_server.Port}/v1";

    /// <summary>The chat requests received, their bodies parsed.</summary>
    public IReadOnlyList<RawRequest> ChatRequests => [.. _server.Requests.Where(r => r.Target.EndsWith("/chat/completions", StringComparison.Ordinal))];

    public static JsonElement Body(RawRequest request) => JsonDocument.Parse(request.Body).RootElement;

    public static FakeOpenAIServer Start(Func<RawExchange, Task> chat, params string[] models) => new(models, chat);

    /// <summary>A server that answers every chat request with these SSE events, then ends the body.</summary>
    public static FakeOpenAIServer Replying(string[] events, params string[] models) => Start(async exchange =>
    {
        await exchange.SendHeadAsync(200, "text/event-stream");
        await exchange.SendAsync(Encoding.UTF8.GetBytes(string.Concat(events)));
        await exchange.EndAsync();
    }, models);

    /// <summary>A server that answers every chat request with <paramref name="status"/> and a JSON error body.</summary>
    public static FakeOpenAIServer Failing(int status, string message, params string[] headers) => Start(async exchange =>
    {
        await exchange.SendHeadAsync(status, "application/json", false, headers);
        await exchange.SendAsync(Encoding.UTF8.GetBytes($$$"""{"error":{"message":{{{JsonSerializer.Serialize(message)}}},"type":"x"}}"""));
        await exchange.EndAsync();
    }, "m");

    public static string[] Text(params string[] pieces) =>
        [Sse.Role(), .. pieces.Select(Sse.Content), Sse.Finish("stop"), Sse.Done];

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
