namespace Providers.AllenAI.Http;

/// <summary>Where to send a request and which of the two wire variants it speaks.</summary>
/// <param name="Uri">The absolute endpoint URL.</param>
/// <param name="IsThreads">True for <c>/v4/threads/</c> (camelCase form names, <c>host</c> optional).</param>
internal sealed record EndpointTarget(Uri Uri, bool IsThreads);
