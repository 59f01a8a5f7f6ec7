namespace Providers.Host.Server.Contracts;

internal sealed record CompletionChoice(int Index, CompletionMessage Message, string FinishReason);
