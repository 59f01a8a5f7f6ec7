using Microsoft.Extensions.Logging;
using Providers.Abstractions;

namespace Providers.Host.Routing;

/// <summary>The pipeline's outer layer: gives the candidate its real model id and the messages its flags can take.</summary>
internal sealed class RequestAdaptingProvider(IAsyncGeneratorProvider innerProvider, RouteCandidate candidate, ILogger logger)
    : DelegatingProvider(innerProvider)
{
    public override IAsyncEnumerable<ResponseItem> CreateAsyncGenerator(ChatRequest request, CancellationToken cancellationToken = default)
    {
        var adapted = RequestAdapter.Adapt(request, candidate, out var adaptations);
        if (adaptations != RequestAdaptations.None)
        {
            RouterLog.Adapted(logger, candidate.Name, candidate.ModelId, adaptations);
        }

        return base.CreateAsyncGenerator(adapted, cancellationToken);
    }
}
