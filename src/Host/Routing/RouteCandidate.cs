using Providers.Abstractions;

namespace Providers.Host.Routing;

/// <summary>One provider that can serve a request, with the real model id to send it.</summary>
/// <param name="Name">The provider's name (as in the catalog).</param>
/// <param name="Provider">The instance to call.</param>
/// <param name="Metadata">Its capability flags, which decide how the request is adapted.</param>
/// <param name="ModelId">A real model id of that provider; never an alias.</param>
internal sealed record RouteCandidate(
    string Name,
    IAsyncGeneratorProvider Provider,
    ProviderMetadata Metadata,
    string ModelId)
{
    // Logged as the list of candidates: "AllenAI/tulu3-405b".
    public override string ToString() => $"{Name}/{ModelId}";
}
