using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Providers.Host.Server;

/// <summary>Answers a request Kestrel found bad while the app read it (malformed chunking, a body too slow) in OpenAI's shape.</summary>
/// <remarks>
/// Kestrel throws <see cref="BadHttpRequestException"/> out of the body reads; left alone it logs
/// "unhandled exception" at error level and answers with an empty body. That is the client's fault,
/// not the server's: it is logged at debug level. A client that left while its body was read is
/// not an error either.
/// </remarks>
internal sealed class BadRequestAnswers(ILogger logger)
{
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (BadHttpRequestException error)
        {
            ServerLog.BadRequest(logger, error.StatusCode, error.Message);
            if (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
            {
                await OpenAIError.ForStatus(error.StatusCode).WriteAsync(context).ConfigureAwait(false);
            }
        }
        catch (Exception error) when (error is OperationCanceledException or IOException && context.RequestAborted.IsCancellationRequested)
        {
            ServerLog.ClientLeft(logger, context.Request.Path);
        }
    }
}
