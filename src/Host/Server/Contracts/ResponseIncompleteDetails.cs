namespace Providers.Host.Server.Contracts;

/// <summary>Why a response stopped early; <c>max_output_tokens</c> is the only reason providers report.</summary>
internal sealed record ResponseIncompleteDetails(string Reason);
