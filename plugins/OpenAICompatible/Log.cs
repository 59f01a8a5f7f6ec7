using Microsoft.Extensions.Logging;

namespace Providers.OpenAICompatible;

/// <summary>The plugin's log messages. Never logged: the API key. Prompts and replies are not logged at all.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "{Provider}: POST {Endpoint} model={Model} messages={Count}")]
    public static partial void Sending(ILogger logger, string provider, string endpoint, string model, int count);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "{Provider}: reply finished ({FinishReason}), {Characters} characters")]
    public static partial void Finished(ILogger logger, string provider, string finishReason, int characters);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "{Provider}: {Message}")]
    public static partial void Failed(ILogger logger, string provider, string message);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "{Provider}: model discovery failed: {Message}")]
    public static partial void DiscoveryFailed(ILogger logger, string provider, string message);

    [LoggerMessage(EventId = 5, Level = LogLevel.Debug, Message = "{Provider}: discovered {Count} models")]
    public static partial void Discovered(ILogger logger, string provider, int count);
}
