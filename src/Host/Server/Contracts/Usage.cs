namespace Providers.Host.Server.Contracts;

internal sealed record Usage(int PromptTokens, int CompletionTokens, int TotalTokens);
