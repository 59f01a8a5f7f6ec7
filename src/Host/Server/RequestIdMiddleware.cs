using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Providers.Host.Logging;

namespace Providers.Host.Server;

/// <summary>Gives every request an id: the client's <c>X-Request-Id</c> when it is sane, else a new one.</summary>
/// <remarks>
/// The id is echoed in the response header (errors included, since it is set before anything
/// runs), becomes <see cref="HttpContext.TraceIdentifier"/> (which error bodies carry), and opens
/// a logging scope so every line logged for the request names it. A client's id that is too long
/// or holds characters outside a conservative set is replaced rather than refused: it would be
/// echoed into headers and logs, and a request is not worth failing over its label.
/// </remarks>
internal sealed class RequestIdMiddleware(ILogger<RequestIdMiddleware> logger)
{
    public const string HeaderName = "X-Request-Id";

    public const int MaxLength = 128;

    private static readonly SearchValues<char> _allowed =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.:+/=");

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var id = Accept(context.Request.Headers[HeaderName].ToString()) ?? NewId();
        context.TraceIdentifier = id;
        context.Response.Headers[HeaderName] = id;
        using (logger.BeginScope(new KeyValuePair<string, object?>[] { new(TextWriterLoggerProvider.RequestIdKey, id) }))
        {
            await next(context).ConfigureAwait(false);
        }
    }

    public static string? Accept(string? presented) =>
        presented is { Length: > 0 and <= MaxLength } && !presented.AsSpan().ContainsAnyExcept(_allowed) ? presented : null;

    private static string NewId() => $"req_{Guid.NewGuid():N}";
}
