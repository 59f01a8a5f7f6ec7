using System.Collections.Frozen;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Polly;
using Providers.Abstractions;
using Providers.Host.Configuration;
using Providers.Host.Plugins;

namespace Providers.Host.Routing;

/// <summary>
/// Every active provider behind one <see cref="IAsyncGeneratorProvider"/>: resolves the model to
/// ordered candidates and runs each through a pipeline of small layers, outermost first:
/// <see cref="RequestAdaptingProvider"/> → <see cref="RetryingProvider"/> →
/// <see cref="CircuitBreakingProvider"/> → <see cref="LoggingProvider"/> → the provider, with
/// <see cref="FailoverProvider"/> trying the candidates in order.
/// </summary>
/// <remarks>
/// <para>
/// Retries and failover happen only before a candidate's first output item; see
/// <see cref="FailoverProvider"/>. The route chosen is reported through the request's
/// <see cref="RouteContext"/>, never as an item in the stream.
/// </para>
/// <para>
/// Each request reads the provider set once from <see cref="IProviderCatalogSource.Current"/>. A
/// conversation (<see cref="ChatRequest.Conversation"/>) pins the request to the provider that owns
/// it, since its state means nothing to another provider. Thread-safe.
/// </para>
/// </remarks>
internal sealed class RouterProvider : IAsyncGeneratorProvider
{
    private readonly IProviderCatalogSource _source;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline _retry;
    private readonly CircuitBreakers _breakers;
    private Snapshot? _snapshot;

    public RouterProvider(IProviderCatalog catalog, RoutingOptions options, TimeProvider time, ILogger<RouterProvider> logger)
        : this(new ProviderCatalogSource(catalog), options, time, logger)
    {
    }

    public RouterProvider(IProviderCatalogSource source, RoutingOptions options, TimeProvider time, ILogger<RouterProvider> logger)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _source = source;
        _time = time;
        _logger = logger;
        _retry = RetryPipeline.Create(options, time, logger);
        _breakers = new CircuitBreakers(options, time, logger);
    }

    public const string RouterName = "Router";

    /// <summary>The union of the eligible providers; the router adapts requests, so it takes everything.</summary>
    public ProviderMetadata Metadata => Current.Metadata;

    /// <summary>The providers that may serve requests, in routing order (for listings such as <c>/v1/models</c>).</summary>
    public IReadOnlyList<ProviderEntry> EligibleProviders => Current.Resolver.Eligible;

    public IAsyncEnumerable<ResponseItem> CreateAsyncGenerator(ChatRequest request, CancellationToken cancellationToken = default) =>
        CreateAsyncGenerator(request, new RouteContext(), cancellationToken);

    /// <summary>Streams the reply; <paramref name="route"/> carries the caller's pin in and the chosen route out.</summary>
    /// <remarks>Lazy like any provider: resolution errors surface from the first <c>MoveNextAsync</c>.</remarks>
    public async IAsyncEnumerable<ResponseItem> CreateAsyncGenerator(ChatRequest request, RouteContext route,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(route);
        // Held until the stream ends: a plugin removed meanwhile stays loaded, and its instance undisposed, until then.
        using var lease = _source.Acquire();
        var snapshot = SnapshotOf(lease.Catalog);
        var (model, candidates) = Plan(snapshot, request, route);
        var pipelines = candidates.Select(candidate => (candidate, Pipeline(candidate))).ToList();
        var failover = new FailoverProvider(snapshot.Metadata, model, pipelines, route, _time, _logger);
        await foreach (var item in failover.CreateAsyncGenerator(request, cancellationToken).ConfigureAwait(false))
        {
            yield return item;
        }
    }

    private IAsyncGeneratorProvider Pipeline(RouteCandidate candidate) =>
        new ProviderPipelineBuilder(candidate.Provider)
            .Use(inner => new RequestAdaptingProvider(inner, candidate, _logger))
            .Use(inner => new RetryingProvider(inner, _retry, candidate))
            .Use(inner => new CircuitBreakingProvider(inner, _breakers.For(candidate)))
            .Use(inner => new LoggingProvider(inner, candidate, _logger))
            .Build();

    /// <summary>The current catalog with its resolver, read together so a caller never mixes two sets.</summary>
    public Snapshot CurrentSnapshot => Current;

    private Snapshot Current => SnapshotOf(_source.Current);

    // One resolver per catalog snapshot: rebuilt only when the source hands out a new catalog.
    private Snapshot SnapshotOf(IProviderCatalog catalog)
    {
        var snapshot = Volatile.Read(ref _snapshot);
        if (snapshot is null || !ReferenceEquals(snapshot.Catalog, catalog))
        {
            snapshot = new Snapshot(catalog);
            // Only the current catalog is cached: a request leasing the one just replaced must not
            // put it back, nor keep a removed plugin referenced after its last request.
            if (ReferenceEquals(catalog, _source.Current))
            {
                Volatile.Write(ref _snapshot, snapshot);
            }
        }

        return snapshot;
    }

    private (string Model, List<RouteCandidate> Candidates) Plan(Snapshot snapshot, ChatRequest request, RouteContext route)
    {
        // An empty model means "the default" (as for any provider): the conversation's own model,
        // else the default model of the provider tried first.
        var model = request.Model;
        if (string.IsNullOrWhiteSpace(model))
        {
            model = request.Conversation is { } continued ? $"{continued.Provider}/{continued.Model}" : snapshot.Metadata.DefaultModel;
        }

        var candidates = snapshot.Resolver.Resolve(model).ToList();
        RouterLog.Resolved(_logger, model, candidates);

        if (route.PinnedProvider is { } pinned)
        {
            candidates = Pin(snapshot, model, candidates, pinned);
        }

        if (request.Conversation is { } conversation)
        {
            candidates.RemoveAll(c => !string.Equals(c.Name, conversation.Provider, StringComparison.OrdinalIgnoreCase));
            if (candidates.Count == 0)
            {
                throw new ModelNotFoundException(model, snapshot.Resolver.KnownNames,
                    $"The conversation belongs to {conversation.Provider}, which does not serve '{model}' or is not active.");
            }

            RouterLog.PinnedByConversation(_logger, model, conversation.Provider);
        }
        else if (RequestAdapter.HasHistory(request.Messages) && candidates.Any(c => !c.Metadata.SupportsMessageHistory))
        {
            // Stable: priority order is kept within each group; a provider that would lose the
            // history is still a candidate, just a later one.
            RouterLog.PreferringHistory(_logger, model);
            candidates = [.. candidates.OrderBy(c => c.Metadata.SupportsMessageHistory ? 0 : 1)];
        }

        return (model, candidates);
    }

    private static List<RouteCandidate> Pin(Snapshot snapshot, string model, List<RouteCandidate> candidates, string pinned)
    {
        var providers = snapshot.Catalog.Providers;
        var entry = providers.FirstOrDefault(e => string.Equals(e.Name, pinned, StringComparison.Ordinal))
            ?? providers.FirstOrDefault(e => string.Equals(e.Name, pinned, StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidChatRequestException("provider",
                $"Unknown provider '{pinned}'. Known: {string.Join(", ", providers.Select(e => e.Name))}.");
        var kept = candidates.Where(c => string.Equals(c.Name, entry.Name, StringComparison.Ordinal)).ToList();
        return kept.Count > 0
            ? kept
            : throw new InvalidChatRequestException("provider", $"Provider {entry.Name} does not serve '{model}' or is not active.");
    }

    /// <summary>One catalog and what the router derives from it.</summary>
    public sealed class Snapshot
    {
        public Snapshot(IProviderCatalog catalog)
        {
            Catalog = catalog;
            Resolver = new ModelRouteResolver(catalog);
            Metadata = BuildMetadata(Resolver, catalog);
        }

        public IProviderCatalog Catalog { get; }

        public ModelRouteResolver Resolver { get; }

        public ProviderMetadata Metadata { get; }

        private static ProviderMetadata BuildMetadata(ModelRouteResolver resolver, IProviderCatalog catalog)
        {
            var eligible = resolver.Eligible.Select(e => e.Metadata!).ToList();
            var aliases = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (alias, target) in eligible.SelectMany(m => m.ModelAliases))
            {
                aliases.TryAdd(alias, target);
            }

            // A host alias with fallbacks is named here by its first target.
            foreach (var (alias, targets) in catalog.HostAliases)
            {
                aliases.TryAdd(alias, targets[0]);
            }

            return new ProviderMetadata
            {
                Name = RouterName,
                Label = "Providers router",
                Url = new Uri("urn:providers:router"),
                Working = eligible.Count > 0,
                SupportsStream = true,
                SupportsSystemMessage = true,
                SupportsMessageHistory = true,
                DefaultModel = eligible.Count > 0 ? $"{resolver.Eligible[0].Name}/{eligible[0].DefaultModel}" : "",
                Models = [.. eligible.SelectMany(m => m.Models).Distinct(StringComparer.Ordinal)],
                ModelAliases = aliases.ToFrozenDictionary(StringComparer.Ordinal),
            };
        }
    }
}
