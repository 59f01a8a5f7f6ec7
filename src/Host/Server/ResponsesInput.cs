using Providers.Abstractions;

namespace Providers.Host.Server;

/// <summary>A validated <c>POST /v1/responses</c> body, in the provider contract's terms.</summary>
internal sealed record ResponsesInput(
    string Model,
    IReadOnlyList<ChatMessage> Messages,
    double? Temperature,
    double? TopP,
    int? MaxTokens,
    bool Stream,
    bool Store,
    string? PreviousResponseId,
    string? Instructions);
