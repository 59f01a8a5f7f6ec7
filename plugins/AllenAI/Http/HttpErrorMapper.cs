using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Providers.Abstractions;

namespace Providers.AllenAI.Http;

/// <summary>Turns a non-2xx Ai2 response into the shared exception family, with the server's own words.</summary>
/// <remarks>
/// The body is JSON from the application or HTML from the nginx edge; only a bounded prefix is read,
/// and an HTML page is summarised by its <c>&lt;title&gt;</c>, never dumped.
/// </remarks>
internal static partial class HttpErrorMapper
{
    internal const int MaxBodyBytes = 64 * 1024;
    internal const int MaxPlainTextChars = 200;

    public static async Task<UpstreamException> ToExceptionAsync(HttpResponseMessage response, bool continuing, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var body = await ReadPrefixAsync(response.Content, cancellationToken).ConfigureAwait(false);
        var (serverMessage, detail) = Describe(body);
        var status = response.StatusCode;
        var code = (int)status;
        detail ??= string.IsNullOrEmpty(response.ReasonPhrase) ? status.ToString() : response.ReasonPhrase;

        switch (status)
        {
            case HttpStatusCode.Unauthorized:
                return new MissingAuthException(AllenAIProvider.ProviderName, status, serverMessage, $"Ai2 answered HTTP 401: {detail}");
            case HttpStatusCode.Forbidden:
                // The app's 403 means another identity owns the thread; the edge's HTML 403 is an IP block.
                var hint = continuing && serverMessage is not null
                    ? " (only the anonymous user id that started a conversation may continue it)"
                    : "";
                return new MissingAuthException(AllenAIProvider.ProviderName, status, serverMessage, $"Ai2 answered HTTP 403: {detail}{hint}");
            case HttpStatusCode.TooManyRequests:
                var retryAfter = RetryAfter(response, timeProvider.GetUtcNow());
                var wait = retryAfter is { } delay ? $"; retry after {Math.Ceiling(delay.TotalSeconds)} s" : "";
                return new RateLimitedException(AllenAIProvider.ProviderName, retryAfter, serverMessage, $"Ai2 answered HTTP 429: {detail}{wait}");
            default:
                return new UpstreamException(AllenAIProvider.ProviderName, status, serverMessage, $"Ai2 answered HTTP {code}: {detail}");
        }
    }

    /// <summary>Returns the server's own message (null for edge pages) and a one-line detail.</summary>
    internal static (string? ServerMessage, string? Detail) Describe(string body)
    {
        var trimmed = body.TrimStart();
        if (trimmed.StartsWith('{') && TryReadJsonError(trimmed) is { } error)
        {
            var summary = SummariseValidationErrors(error.ValidationErrors);
            var message = error.Message;
            return (message, summary ?? (message is null ? null : OneLine.Collapse(message)));
        }

        if (HtmlTitle().Match(body) is { Success: true } title)
        {
            var text = OneLine.Collapse(WebUtility.HtmlDecode(title.Groups["title"].Value));
            return (null, $"{text} (HTML page from the Ai2 edge)");
        }

        if (trimmed.StartsWith('<'))
        {
            return (null, "HTML page from the Ai2 edge");
        }

        var plain = OneLine.Collapse(body);
        if (plain.Length == 0)
        {
            return (null, null);
        }

        return (null, plain.Length <= MaxPlainTextChars ? plain : plain[..MaxPlainTextChars] + "…");
    }

    private static ErrorBody? TryReadJsonError(string json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, AllenAIJsonContext.Default.ErrorEnvelope)?.Error;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>pydantic's <c>message</c> is a multi-line dump with a repr of the input; <c>loc</c>/<c>msg</c> say it in one line.</summary>
    private static string? SummariseValidationErrors(List<ValidationError>? errors)
    {
        if (errors is not { Count: > 0 })
        {
            return null;
        }

        return string.Join("; ", errors.Select(e =>
        {
            var location = string.Join('.', (e.Loc ?? []).Select(part => part.ValueKind == JsonValueKind.String ? part.GetString() : part.GetRawText()));
            var msg = OneLine.Collapse(e.Msg ?? "invalid");
            return location.Length == 0 ? msg : $"{location}: {msg}";
        }));
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset now)
    {
        if (response.Headers.RetryAfter is not { } header)
        {
            return null;
        }

        if (header.Delta is { } delta)
        {
            return delta;
        }

        return header.Date is { } date ? Max(date - now, TimeSpan.Zero) : null;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static async Task<string> ReadPrefixAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[MaxBodyBytes];
            var filled = 0;
            while (filled < buffer.Length)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                filled += read;
            }

            return Encoding.UTF8.GetString(buffer, 0, filled);
        }
    }

    [GeneratedRegex(@"<title>(?<title>[^<]*)</title>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HtmlTitle();
}
