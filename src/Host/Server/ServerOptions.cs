namespace Providers.Host.Server;

/// <summary>How <c>host serve</c> listens and what it accepts.</summary>
internal sealed class ServerOptions
{
    /// <summary>The environment variable holding the API key when <c>--api-key</c> is not given.</summary>
    public const string ApiKeyVariable = "PROVIDERS_API_KEY";

    public const string DefaultUrls = "http://127.0.0.1:8080";

    /// <summary>Semicolon-separated listen URLs; loopback by default so nothing is exposed by accident.</summary>
    public string Urls { get; init; } = DefaultUrls;

    /// <summary>When set, every request except <c>GET /health</c> needs <c>Authorization: Bearer &lt;key&gt;</c>.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Whether <see cref="Urls"/> may reach beyond loopback without <see cref="ApiKey"/>.</summary>
    public bool AllowUnauthenticated { get; init; }

    /// <summary>Browser origins allowed to call the API (CORS); empty turns CORS off, <c>*</c> allows any origin.</summary>
    public IReadOnlyList<string> CorsOrigins { get; init; } = [];

    /// <summary>Larger request bodies are refused with 413; a chat request is text, 1 MiB is generous.</summary>
    public long MaxRequestBodyBytes { get; init; } = 1024 * 1024;

    /// <summary>Chat completions served at once; more wait in the queue (see <see cref="ConcurrencyCap"/>).</summary>
    public int MaxConcurrentRequests { get; init; } = 64;

    /// <summary>Chat completions that may wait for a slot; beyond this a request gets 503 with <c>Retry-After</c>.</summary>
    public int MaxQueuedRequests { get; init; } = 512;

    /// <summary>
    /// The longest non-stream reply held in memory, in characters (reasoning included): with the body
    /// limit it bounds a request's memory whatever the upstream sends back. Streams are not held.
    /// </summary>
    public long MaxReplyChars { get; init; } = 4 * 1024 * 1024;

    /// <summary>How long running streams may continue after shutdown starts before they are cut.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
