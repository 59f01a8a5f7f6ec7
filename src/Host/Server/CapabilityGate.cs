using Providers.Abstractions;
using Providers.Host.Routing;

namespace Providers.Host.Server;

/// <summary>Refuses a request that needs a feature no provider serving its model declares, before anything is sent.</summary>
/// <remarks>
/// Resolves the model as the router does; an unknown model passes here so the router's own
/// <c>model_not_found</c> answer (listing the valid names) is the one the client sees.
/// Reads the router's current snapshot, so it judges against the providers loaded now.
/// </remarks>
internal sealed class CapabilityGate(RouterProvider router)
{
    public OpenAIError? Check(string model, IReadOnlyList<RequiredCapability> needs)
    {
        ArgumentNullException.ThrowIfNull(needs);
        if (needs.Count == 0)
        {
            return null;
        }

        IReadOnlyList<RouteCandidate> candidates;
        try
        {
            candidates = router.CurrentSnapshot.Resolver.Resolve(model);
        }
        catch (Exception error) when (error is ModelNotFoundException or InvalidChatRequestException)
        {
            return null;
        }

        var missing = needs.FirstOrDefault(need => !candidates.Any(c => Offers(c.Metadata, need.Capability)));
        return missing is null
            ? null
            : RequestFields.Unsupported(missing.Param, $"no provider serving '{model}' supports {Describe(missing.Capability)}.");
    }

    private static bool Offers(ProviderMetadata metadata, ProviderCapability capability) => capability switch
    {
        ProviderCapability.Tools => metadata.SupportsTools,
        ProviderCapability.ResponseFormat => metadata.SupportsResponseFormat,
        ProviderCapability.Images => metadata.SupportsImages,
        _ => false,
    };

    private static string Describe(ProviderCapability capability) => capability switch
    {
        ProviderCapability.Tools => "tools (function calling)",
        ProviderCapability.ResponseFormat => "structured response formats",
        _ => "image input",
    };
}
