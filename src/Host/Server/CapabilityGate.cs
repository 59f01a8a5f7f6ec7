using Providers.Abstractions;
using Providers.Host.Plugins;
using Providers.Host.Routing;

namespace Providers.Host.Server;

/// <summary>Refuses a request that needs a feature no provider serving its model declares, before anything is sent.</summary>
/// <remarks>
/// Resolves the model as the router does; an unknown model passes here so the router's own
/// <c>model_not_found</c> answer (listing the valid names) is the one the client sees.
/// </remarks>
internal sealed class CapabilityGate(IProviderCatalog catalog)
{
    private readonly ModelRouteResolver _resolver = new(catalog);

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
            candidates = _resolver.Resolve(model);
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
