namespace Providers.Host.Server.Contracts;

/// <summary>OpenAI's error envelope: <c>{"error":{"message","type","code"}}</c>.</summary>
internal sealed record ErrorResponse(ErrorBody Error);
