namespace Providers.Host.Server.Contracts;

/// <summary>Why a streamed response failed after it started (<c>response.failed</c>).</summary>
internal sealed record ResponseError(string Code, string Message);
