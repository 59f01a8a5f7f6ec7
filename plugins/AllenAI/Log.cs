using Microsoft.Extensions.Logging;
using Providers.Abstractions;
using Providers.AllenAI.Protocol;

namespace Providers.AllenAI;

/// <summary>
/// The plugin's log messages. Never logged: the anonymous user id or any credential. Prompts and
/// replies only at Trace.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "POST {Endpoint} model={Model} host={Host} continuing={Continuing}")]
    public static partial void Sending(ILogger logger, RedactedUri endpoint, string model, string host, bool continuing);

    [LoggerMessage(EventId = 2, Level = LogLevel.Trace, Message = "Prompt: {Prompt}")]
    public static partial void Prompt(ILogger logger, string prompt);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "{Endpoint} answered 404; switching to the successor endpoint {Successor} for this provider's lifetime")]
    public static partial void SwitchedToSuccessor(ILogger logger, RedactedUri endpoint, RedactedUri successor);

    [LoggerMessage(EventId = 4, Level = LogLevel.Debug, Message = "Ignored a stream line of kind {Kind} (type '{Type}')")]
    public static partial void LineIgnored(ILogger logger, StreamLineKind kind, string type);

    [LoggerMessage(EventId = 5, Level = LogLevel.Debug, Message = "Ignored a {Kind} line after the end line")]
    public static partial void LineAfterEndIgnored(ILogger logger, StreamLineKind kind);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "Ai2 reported {Code} with severity {Severity}; the reply continues")]
    public static partial void UpstreamWarning(ILogger logger, string code, string severity);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "Ai2 reported an error in the stream: {Reason}")]
    public static partial void UpstreamError(ILogger logger, string reason);

    [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "The stored text of reply {ReplyId} differs from the streamed text; keeping the streamed text")]
    public static partial void StoredTextDiffers(ILogger logger, string replyId);

    [LoggerMessage(EventId = 9, Level = LogLevel.Debug, Message = "Reply {ReplyId} finished: {FinishReason}, {Characters} characters")]
    public static partial void Finished(ILogger logger, string? replyId, FinishReason finishReason, int characters);

    [LoggerMessage(EventId = 10, Level = LogLevel.Trace, Message = "Reply: {Reply}")]
    public static partial void Reply(ILogger logger, string reply);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "The Ai2 reply failed: {Reason}")]
    public static partial void Failed(ILogger logger, string reason);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "The final snapshot named no assistant reply; the conversation cannot be continued")]
    public static partial void ReplyIdMissing(ILogger logger);
}
