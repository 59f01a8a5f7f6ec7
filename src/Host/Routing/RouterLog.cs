using Microsoft.Extensions.Logging;
using Providers.Abstractions;

namespace Providers.Host.Routing;

/// <summary>Every routing decision, with the provider, the model and why. Prompts only at Trace; never secrets.</summary>
internal static partial class RouterLog
{
    [LoggerMessage(EventId = 200, Level = LogLevel.Debug, Message = "Model {RequestedModel} resolves to {Candidates}")]
    public static partial void Resolved(ILogger logger, string requestedModel, IEnumerable<RouteCandidate> candidates);

    [LoggerMessage(EventId = 201, Level = LogLevel.Information, Message = "Skipping {Provider} for {Model}: cooling down until {Until:O}")]
    public static partial void SkippedCooling(ILogger logger, string provider, string model, DateTimeOffset until);

    [LoggerMessage(EventId = 202, Level = LogLevel.Debug, Message = "Preferring providers that keep history for {Model}: the request carries earlier turns")]
    public static partial void PreferringHistory(ILogger logger, string model);

    [LoggerMessage(EventId = 203, Level = LogLevel.Debug, Message = "Trying {Provider} with {Model} (attempt {Attempt})")]
    public static partial void Trying(ILogger logger, string provider, string model, int attempt);

    [LoggerMessage(EventId = 204, Level = LogLevel.Trace, Message = "Messages for {Provider} {Model}: {Messages}")]
    public static partial void Prompt(ILogger logger, string provider, string model, IEnumerable<ChatMessage> messages);

    [LoggerMessage(EventId = 205, Level = LogLevel.Warning, Message = "{Provider} failed for {Model} before any output ({Reason}); retrying in {Delay}")]
    public static partial void Retrying(ILogger logger, string provider, string model, string reason, TimeSpan delay);

    [LoggerMessage(EventId = 206, Level = LogLevel.Warning, Message = "{Provider} failed for {Model} before any output; trying the next candidate")]
    public static partial void FailingOver(ILogger logger, string provider, string model, Exception error);

    [LoggerMessage(EventId = 207, Level = LogLevel.Warning, Message = "{Provider} failed {Failures} requests in a row for {Model}; resting it until {Until:O}")]
    public static partial void CoolingDown(ILogger logger, string provider, string model, int failures, DateTimeOffset until);

    [LoggerMessage(EventId = 208, Level = LogLevel.Information, Message = "Serving {Model} with {Provider}")]
    public static partial void Serving(ILogger logger, string provider, string model);

    [LoggerMessage(EventId = 209, Level = LogLevel.Warning, Message = "{Provider} failed for {Model} after output had been sent; no failover, the error surfaces")]
    public static partial void FailedAfterOutput(ILogger logger, string provider, string model, Exception error);

    // Warning, not Error: the caller receives the failure itself and reports it (one line in the CLI, an error body over HTTP).
    [LoggerMessage(EventId = 210, Level = LogLevel.Warning, Message = "Every candidate for {Model} failed; reporting the last error")]
    public static partial void AllFailed(ILogger logger, string model);

    [LoggerMessage(EventId = 211, Level = LogLevel.Debug, Message = "Request for {Model} continues a conversation of {Provider}; pinned to it")]
    public static partial void PinnedByConversation(ILogger logger, string model, string provider);

    [LoggerMessage(EventId = 212, Level = LogLevel.Information, Message = "{Provider} serves {Model} again: a trial request succeeded")]
    public static partial void BackFromCooldown(ILogger logger, string provider, string model);

    [LoggerMessage(EventId = 213, Level = LogLevel.Debug, Message = "Adapted the request for {Provider} {Model}: {Adaptations}")]
    public static partial void Adapted(ILogger logger, string provider, string model, RequestAdaptations adaptations);

    [LoggerMessage(EventId = 214, Level = LogLevel.Information, Message = "{Provider} rested long enough for {Model}; letting one trial request through")]
    public static partial void TrialRequest(ILogger logger, string provider, string model);
}
