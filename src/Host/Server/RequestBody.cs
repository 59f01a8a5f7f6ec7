using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Providers.Host.Server;

/// <summary>Reads a request body as one JSON document, turning malformed or oversized bodies into their 400/413.</summary>
internal static class RequestBody
{
    public static async Task<(JsonDocument? Document, OpenAIError? Failure)> ReadAsync(HttpContext context, ServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            var document = await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted).ConfigureAwait(false);
            return (document, null);
        }
        catch (JsonException error)
        {
            // The reader's message names a position, never a .NET type.
            return (null, OpenAIError.InvalidJson(error.Message));
        }
        catch (BadHttpRequestException error) when (error.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, OpenAIError.BodyTooLarge(options.MaxRequestBodyBytes));
        }
    }
}
