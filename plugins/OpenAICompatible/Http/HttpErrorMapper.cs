using System.Net;
using System.Text;
using System.Text.Json;
using Providers.Abstractions;

namespace Providers.OpenAICompatible.Http;

/// <summary>Turns a non-2xx answer into the shared exception family, with the upstream's own one-line message.</summary>
internal static class HttpErrorMapper
{
    internal const int MaxBodyBytes = 64 * 1024;
    internal const int MaxPlainTextChars = 200;

    public static async Task<UpstreamException> ToExceptionAsync(string provider, HttpResponseMessage response, ApiKey key,
        TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var body = await ReadPrefixAsync(response.Content, cancellationToken).ConfigureAwait(false);
        var serverMessage = ServerMessage(body) is { } message ? key.Redact(OneLine.Collapse(message)) : null;
        var status = response.StatusCode;
        var detail = serverMessage
            ?? PlainText(key.Redact(body))
            ?? (string.IsNullOrEmpty(response.ReasonPhrase) ? status.ToString() : response.ReasonPhrase);
        var text = $"{provider} answered HTTP {(int)status}: {detail}";
        switch (status)
        {
            case HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden:
                var hint = key.IsConfigured ? " (check the key in apiKeyEnv)" : " (the server wants a key: set apiKeyEnv)";
                return new MissingAuthException(provider, status, serverMessage, text + hint);
            case HttpStatusCode.TooManyRequests:
                var retryAfter = RetryAfter(response, timeProvider.GetUtcNow());
                var wait = retryAfter is { } delay ? $"; retry after {Math.Ceiling(delay.TotalSeconds)} s" : "";
                return new RateLimitedException(provider, retryAfter, serverMessage, text + wait);
            default:
                return new UpstreamException(provider, status, serverMessage, text);
        }
    }

    /// <summary>OpenAI's <c>{"error": {"message": …}}</c>, <c>{"error": "…"}</c> (Ollama) or <c>{"message": …}</c>.</summary>
    internal static string? ServerMessage(string body)
    {
        if (!body.TrimStart().StartsWith('{'))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.TryGetProperty("error", out var error))
            {
                if (error.ValueKind == JsonValueKind.String)
                {
                    return error.GetString();
                }

                if (error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var nested) && nested.ValueKind == JsonValueKind.String)
                {
                    return nested.GetString();
                }
            }

            return root.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String ? message.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? PlainText(string body)
    {
        if (body.TrimStart().StartsWith('<'))
        {
            return null;
        }

        var plain = OneLine.Collapse(body);
        return plain.Length switch
        {
            0 => null,
            <= MaxPlainTextChars => plain,
            _ => plain[..MaxPlainTextChars] + "…",
        };
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

        return header.Date is { } date ? (date > now ? date - now : TimeSpan.Zero) : null;
    }

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
}
