using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Providers.Host.Server;

/// <summary>Reads a request body as one JSON document, turning malformed or oversized bodies into their 400/413.</summary>
/// <remarks>
/// The body is read into one array of its declared length and parsed in place. Parsing from the
/// stream instead rents a buffer that doubles from 4 KiB and copies at each step, so a 1 MiB body
/// cost ~2 MiB of pooled arrays that the shared pool then keeps after a burst.
/// </remarks>
internal static class RequestBody
{
    public static async Task<(JsonDocument? Document, OpenAIError? Failure)> ReadAsync(HttpContext context, ServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            if (context.Request.ContentLength > options.MaxRequestBodyBytes)
            {
                return (null, OpenAIError.BodyTooLarge(options.MaxRequestBodyBytes));
            }

            var body = await ReadAllAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
            var document = JsonDocument.Parse(body);
            if (EscapedSurrogates.FindUnpaired(body.Span) is { } position)
            {
                document.Dispose();
                return (null, OpenAIError.InvalidJson(
                    $"the string at byte {position.ToString(CultureInfo.InvariantCulture)} has an unpaired surrogate escape (\\uD800-\\uDBFF must be followed by \\uDC00-\\uDFFF, and only then)."));
            }

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

    // Kestrel stops a body at MaxRequestBodySize (413), so neither branch grows past the limit.
    private static async Task<ReadOnlyMemory<byte>> ReadAllAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength is { } length)
        {
            var exact = GC.AllocateUninitializedArray<byte>(checked((int)length));
            await request.Body.ReadExactlyAsync(exact, cancellationToken).ConfigureAwait(false);
            return exact;
        }

        // Chunked: the length is known only at the end.
        using var copy = new MemoryStream();
        await request.Body.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
        return copy.GetBuffer().AsMemory(0, checked((int)copy.Length));
    }
}
