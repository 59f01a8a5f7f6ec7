using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Providers.Host.Server;

/// <summary>Gives every bodiless error the app sets (404 no route, 405 wrong method, …) the OpenAI error shape.</summary>
/// <remarks>
/// Routing answers a known path with the wrong method with 405 and an <c>Allow</c> header; this adds
/// the body. Errors Kestrel sends before the app sees the request (a malformed request line, headers
/// too large, an unsupported HTTP version) never reach here and keep Kestrel's empty bodies.
/// </remarks>
internal static class StatusCodeAnswers
{
    public static Task WriteAsync(StatusCodeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.HttpContext;
        var request = http.Request;
        var error = http.Response.StatusCode switch
        {
            StatusCodes.Status404NotFound => OpenAIError.NotFound($"Unknown route: {request.Method} {request.Path}."),
            StatusCodes.Status405MethodNotAllowed => OpenAIError.MethodNotAllowed(request.Method, request.Path, http.Response.Headers.Allow.ToString()),
            var status => OpenAIError.ForStatus(status),
        };
        return error.WriteAsync(http);
    }
}
