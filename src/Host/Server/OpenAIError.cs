using Microsoft.AspNetCore.Http;
using Providers.Abstractions;
using Providers.Host.Routing;
using Providers.Host.Server.Contracts;

namespace Providers.Host.Server;

/// <summary>An HTTP error in OpenAI's shape, and the one place exceptions become status codes.</summary>
internal sealed record OpenAIError(int Status, string Type, string Code, string Message)
{
    public static OpenAIError InvalidJson(string detail) =>
        new(StatusCodes.Status400BadRequest, "invalid_request_error", "invalid_json", $"The request body is not valid JSON: {detail}");

    public static OpenAIError BodyTooLarge(long limit) =>
        new(StatusCodes.Status413PayloadTooLarge, "invalid_request_error", "request_too_large", $"The request body exceeds {limit} bytes.");

    public static OpenAIError NotFound(string message, string code = "not_found") =>
        new(StatusCodes.Status404NotFound, "invalid_request_error", code, message);

    public static OpenAIError Overloaded(int limit) =>
        new(StatusCodes.Status503ServiceUnavailable, "server_error", "server_overloaded",
            $"The server is handling its limit of {limit} requests and its queue is full; retry after the Retry-After delay.");

    public static OpenAIError ReplyTooLarge(long limit) =>
        new(StatusCodes.Status502BadGateway, "upstream_error", "reply_too_large",
            $"The provider's reply exceeds {limit} characters, the most a non-stream response holds; use \"stream\": true.");

    public static OpenAIError MethodNotAllowed(string method, string path, string allowed) =>
        new(StatusCodes.Status405MethodNotAllowed, "invalid_request_error", "method_not_allowed",
            $"{method} is not allowed on {path}; allowed: {allowed}.");

    /// <summary>For a status the server or Kestrel set without a body (e.g. a malformed or timed-out request).</summary>
    public static OpenAIError ForStatus(int status) => status switch
    {
        StatusCodes.Status408RequestTimeout =>
            new(status, "invalid_request_error", "request_timeout", "The request body did not arrive in time."),
        StatusCodes.Status413PayloadTooLarge =>
            new(status, "invalid_request_error", "request_too_large", "The request body is too large."),
        StatusCodes.Status431RequestHeaderFieldsTooLarge =>
            new(status, "invalid_request_error", "headers_too_large", "The request headers are too large."),
        < 500 => new(status, "invalid_request_error", "bad_request", $"The request is malformed (HTTP {status})."),
        _ => new(status, "server_error", "internal_error", $"The server failed to process the request (HTTP {status})."),
    };

    public static OpenAIError Unauthorized() =>
        new(StatusCodes.Status401Unauthorized, "invalid_request_error", "invalid_api_key",
            "Missing or invalid API key; send 'Authorization: Bearer <key>'.");

    /// <summary>How long the client should wait, in seconds (the <c>Retry-After</c> header); null when not known.</summary>
    public int? RetryAfterSeconds { get; init; }

    /// <summary>
    /// Whether OpenAI SDKs may retry on their own (the <c>x-should-retry</c> header). False once the
    /// host has already retried and failed over, so one SDK call never multiplies upstream requests.
    /// </summary>
    public bool? ShouldRetry { get; init; }

    /// <summary>
    /// The status is <see cref="FailureClassifier"/>'s. Messages of raw exceptions are not echoed:
    /// they may carry internal addresses; the detail stays in the log.
    /// </summary>
    public static OpenAIError From(Exception error, bool cancelledByCaller = false)
    {
        if (error is ReplyTooLargeException tooLarge)
        {
            // The server's own bound on a non-stream reply, not the provider's failure.
            return ReplyTooLarge(tooLarge.Limit);
        }

        var failure = FailureClassifier.Classify(error, cancelledByCaller);
        var (type, code, message) = failure.Kind switch
        {
            FailureKind.ModelNotFound => ("invalid_request_error", "model_not_found", error.Message),
            FailureKind.InvalidRequest or FailureKind.Usage => ("invalid_request_error", "invalid_value", error.Message),
            FailureKind.RateLimited => ("upstream_error", "rate_limited", error.Message),
            FailureKind.Unavailable => ("upstream_error", "upstream_unavailable", error.Message),
            FailureKind.Timeout => ("upstream_error", "upstream_timeout", error is ProviderException ? error.Message : "The provider timed out."),
            FailureKind.Upstream => ("upstream_error", "upstream_failure", error is ProviderException ? error.Message : "The provider's connection failed."),
            FailureKind.Cancelled => ("invalid_request_error", "cancelled", "The request was cancelled."),
            _ => ("server_error", "internal_error", "The server failed to process the request."),
        };

        // The router already retried and failed over before answering; a client retrying at once would only multiply that.
        return new(failure.HttpStatus, type, code, message)
        {
            RetryAfterSeconds = failure.RetryAfterSeconds,
            ShouldRetry = failure.HttpStatus >= StatusCodes.Status500InternalServerError || failure.Kind == FailureKind.RateLimited ? false : null,
        };
    }

    /// <summary>The request field at fault, in JSON terms; null when the error is not about one field.</summary>
    public string? Param { get; init; }

    public ErrorResponse ToResponse(string? requestId = null) => new(new ErrorBody(Message, Type, Code) { Param = Param, RequestId = requestId });

    public Task WriteAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = Status;
        if (RetryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (ShouldRetry is { } shouldRetry)
        {
            context.Response.Headers["x-should-retry"] = shouldRetry ? "true" : "false";
        }

        return context.Response.WriteAsJsonAsync(ToResponse(context.TraceIdentifier), ServerJsonContext.Wire.ErrorResponse, contentType: null, context.RequestAborted);
    }
}
