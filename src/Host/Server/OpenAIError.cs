using Microsoft.AspNetCore.Http;
using Providers.Abstractions;
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

    /// <summary>
    /// 400 for what the caller got wrong, 504 for an upstream that went silent, 502 for any other
    /// provider failure, 500 (with a generic message, the detail stays in the log) for a bug here.
    /// Messages of raw exceptions are not echoed: they may carry internal addresses.
    /// </summary>
    public static OpenAIError From(Exception error) => error switch
    {
        ReplyTooLargeException e => ReplyTooLarge(e.Limit),
        ModelNotFoundException e => new(StatusCodes.Status400BadRequest, "invalid_request_error", "model_not_found", e.Message),
        InvalidChatRequestException e => new(StatusCodes.Status400BadRequest, "invalid_request_error", "invalid_value", e.Message),
        ProviderTimeoutException e => new(StatusCodes.Status504GatewayTimeout, "upstream_error", "upstream_timeout", e.Message),
        ProviderException e => new(StatusCodes.Status502BadGateway, "upstream_error", "upstream_failure", e.Message),

        // A plugin that lets raw network errors escape still failed upstream, not here; cancellation
        // reaching this point is never the client's (that is handled before), so it is a timeout.
        TimeoutException or OperationCanceledException =>
            new(StatusCodes.Status504GatewayTimeout, "upstream_error", "upstream_timeout", "The provider timed out."),
        HttpRequestException or IOException =>
            new(StatusCodes.Status502BadGateway, "upstream_error", "upstream_failure", "The provider's connection failed."),
        _ => new(StatusCodes.Status500InternalServerError, "server_error", "internal_error", "The server failed to process the request."),
    };

    public ErrorResponse ToResponse() => new(new ErrorBody(Message, Type, Code));

    public Task WriteAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = Status;
        return context.Response.WriteAsJsonAsync(ToResponse(), ServerJsonContext.Wire.ErrorResponse, contentType: null, context.RequestAborted);
    }
}
