namespace Providers.Testing.RawHttp;

/// <summary>The raw server as an Ai2 upstream: JSON lines at the streaming endpoint.</summary>
internal sealed partial class RawHttpServer
{
    public Uri Endpoint => new($"http://127.0.0.1:{Port}/v4/message/stream");
}

/// <summary>An Ai2 upstream answers with JSON lines unless a test says otherwise.</summary>
internal sealed partial class RawExchange
{
    private const string _defaultContentType = "application/jsonl";
}
