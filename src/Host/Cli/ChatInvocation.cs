namespace Providers.Host.Cli;

/// <summary>What one <c>host chat</c> command line asks for.</summary>
internal sealed record ChatInvocation(
    string? Model,
    string? Provider,
    double? Temperature,
    double? TopP,
    int? MaxTokens,
    string? ConversationPath,
    bool ShowThinking,
    bool Verbose,
    string[] Message);
