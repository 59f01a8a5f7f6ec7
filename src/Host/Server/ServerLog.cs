using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Providers.Host.Server;

/// <summary>Server events. Never the API key, the Authorization header or message text.</summary>
internal static partial class ServerLog
{
    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Serving the OpenAI-compatible API on {Urls}; API key required: {KeyRequired}")]
    public static partial void Listening(ILogger logger, IEnumerable<string> urls, bool keyRequired);

    [LoggerMessage(EventId = 301, Level = LogLevel.Debug, Message = "Chat completion for {Model} (stream: {Stream})")]
    public static partial void ChatRequested(ILogger logger, string model, bool stream);

    [LoggerMessage(EventId = 302, Level = LogLevel.Warning, Message = "Chat completion for {Model} failed before output: {Status} {Code}")]
    public static partial void FailedBeforeOutput(ILogger logger, string model, int status, string code, Exception error);

    [LoggerMessage(EventId = 303, Level = LogLevel.Warning, Message = "Stream for {Model} failed after output; sent an error event ({Code})")]
    public static partial void FailedMidStream(ILogger logger, string model, string code, Exception error);

    [LoggerMessage(EventId = 304, Level = LogLevel.Information, Message = "Client went away during the request for {Model}; upstream cancelled")]
    public static partial void ClientDisconnected(ILogger logger, string model);

    [LoggerMessage(EventId = 305, Level = LogLevel.Debug, Message = "Rejected request body: {Code}")]
    public static partial void RejectedBody(ILogger logger, string code);

    [LoggerMessage(EventId = 306, Level = LogLevel.Debug, Message = "Bad request ({Status}): {Reason}")]
    public static partial void BadRequest(ILogger logger, int status, string reason);

    [LoggerMessage(EventId = 307, Level = LogLevel.Debug, Message = "Client went away while {Path} was read")]
    public static partial void ClientLeft(ILogger logger, PathString path);

    [LoggerMessage(EventId = 308, Level = LogLevel.Debug, Message = "Ignored request fields the server does not use: {Fields}")]
    public static partial void IgnoredFields(ILogger logger, IEnumerable<string> fields);

    [LoggerMessage(EventId = 309, Level = LogLevel.Debug, Message = "Response for {Model} (stream: {Stream}, continued: {Continued})")]
    public static partial void ResponseRequested(ILogger logger, string model, bool stream, bool continued);

    [LoggerMessage(EventId = 310, Level = LogLevel.Debug, Message = "Idle after {AllocatedMiB} MiB allocated: collected the heap and gave its free memory back")]
    public static partial void TrimmedIdleMemory(ILogger logger, long allocatedMiB);
}
