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

    /// <summary>The request field at fault, in JSON terms; null when the error is not about one field.</summary>
    public string? Param { get; init; }

    public ErrorResponse ToResponse(string? requestId = null) => new(new ErrorBody(Message, Type, Code) { Param = Param, RequestId = requestId });

    public Task WriteAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = Status;
        return context.Response.WriteAsJsonAsync(ToResponse(context.TraceIdentifier), ServerJsonContext.Wire.ErrorResponse, contentType: null, context.RequestAborted);
    }
}
