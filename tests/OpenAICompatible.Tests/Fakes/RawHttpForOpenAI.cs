namespace Providers.Testing.RawHttp;

/// <summary>The raw server as an OpenAI-compatible upstream: its API root is <c>/v1</c>.</summary>
internal sealed partial class RawHttpServer
{
    public Uri BaseUrl => new($"http://127.0.0.1:{Port}/v1");
}

/// <summary>An OpenAI-compatible upstream streams server-sent events unless a test says otherwise.</summary>
internal sealed partial class RawExchange
{
    private const string _defaultContentType = "text/event-stream";
}
