namespace Providers.Host.Server.Contracts;

internal sealed record ErrorBody(string Message, string Type, string Code);
