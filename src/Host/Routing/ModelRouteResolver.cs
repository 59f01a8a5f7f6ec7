using Providers.Abstractions;
using Providers.Host.Plugins;

namespace Providers.Host.Routing;

/// <summary>Turns a requested model name into the ordered providers that can serve it.</summary>
/// <remarks>
/// <para>
/// Order of matching, first with exact (ordinal) comparison and only then case-insensitively:
/// a host-level alias from plugins.json (followed through chains; the user's config overrides
/// plugin data), <c>Provider/model</c> (pins that provider; the part after the slash goes through
/// <see cref="ModelResolver"/>), then a model id or alias of any provider. A name containing a
/// slash whose prefix is not a provider is treated as a plain model id (<c>meta-llama/Llama-3</c>).
/// </para>
/// <para>
/// Only providers that are <see cref="ProviderStatus.Active"/> and <see cref="ProviderMetadata.Working"/>
/// are candidates, ordered by <see cref="ProviderEntry.Priority"/> (higher first) then name.
/// Thread-safe: the catalog is immutable and everything is computed once.
/// </para>
/// </remarks>
internal sealed class ModelRouteResolver
{
    private static readonly StringComparison[] _comparisons = [StringComparison.Ordinal, StringComparison.OrdinalIgnoreCase];

    private readonly IProviderCatalog _catalog;
    private readonly Dictionary<string, string> _hostAliasesIgnoringCase;

    public ModelRouteResolver(IProviderCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        _catalog = catalog;
        Eligible = [.. catalog.Providers
            .Where(IsEligible)
            .OrderByDescending(e => e.Priority)
            .ThenBy(e => e.Name, StringComparer.Ordinal)];
        KnownNames = [.. Eligible.SelectMany(e => ModelResolver.KnownNames(e.Metadata!))
            .Concat(catalog.HostAliases.Keys)
            .Distinct(StringComparer.Ordinal)];

        // Built once: a case-insensitive lookup per request must not scan every alias. Ordinal
        // order decides which of "Fast" and "fast" a request for "FAST" reaches.
        _hostAliasesIgnoringCase = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var alias in catalog.HostAliases.Keys.Order(StringComparer.Ordinal))
        {
            _hostAliasesIgnoringCase.TryAdd(alias, alias);
        }
    }

    /// <summary>The providers that may serve requests, in routing order.</summary>
    public IReadOnlyList<ProviderEntry> Eligible { get; }

    /// <summary>Every model id and alias of an eligible provider, then every host alias.</summary>
    public IReadOnlyList<string> KnownNames { get; }

    public static bool IsEligible(ProviderEntry entry) =>
        entry.Status == ProviderStatus.Active && entry.Provider is not null && entry.Metadata is { Working: true };

    /// <summary>Returns at least one candidate, best first.</summary>
    /// <remarks>
    /// A host alias with several targets (fallbacks) yields the candidates of each target in turn;
    /// a target that resolves to nothing is skipped as long as another one resolves. A candidate
    /// reached twice keeps its first place. Each lookup is a dictionary hit, so the cost grows with
    /// the alias chain, not with the number of aliases.
    /// </remarks>
    /// <exception cref="InvalidChatRequestException">No model was named.</exception>
    /// <exception cref="ModelNotFoundException">No eligible provider serves the name.</exception>
    public IReadOnlyList<RouteCandidate> Resolve(string? requested)
    {
        if (string.IsNullOrWhiteSpace(requested))
        {
            throw new InvalidChatRequestException("model", "A model is required.");
        }

        var found = new List<RouteCandidate>();
        ResolveInto(requested, requested, [], found);
        return [.. found.DistinctBy(c => (c.Name, c.ModelId))];
    }

    // Exact matches of every kind first, then case-insensitive ones; a host alias recurses into its targets.
    private void ResolveInto(string requested, string name, List<string> aliasChain, List<RouteCandidate> found)
    {
        foreach (var comparison in _comparisons)
        {
            if (FindHostAlias(name, comparison) is { } alias)
            {
                if (aliasChain.Contains(alias, StringComparer.Ordinal))
                {
                    throw new ModelNotFoundException(requested, KnownNames,
                        $"Host alias '{requested}' forms a cycle: {string.Join(" → ", aliasChain.Append(alias))}.");
                }

                aliasChain.Add(alias);
                ResolveTargets(requested, _catalog.HostAliases[alias], aliasChain, found);
                aliasChain.RemoveAt(aliasChain.Count - 1);
                return;
            }

            if (comparison == StringComparison.Ordinal && ResolvePinned(requested, name) is { } pinned)
            {
                found.Add(pinned);
                return;
            }

            var count = found.Count;
            found.AddRange(Eligible
                .Where(e => Knows(e.Metadata!, name, comparison))
                .Select(e => ToCandidate(e, ModelResolver.Resolve(e.Metadata!, name))));
            if (found.Count > count)
            {
                return;
            }
        }

        throw NotServed(requested, name);
    }

    private void ResolveTargets(string requested, IReadOnlyList<string> targets, List<string> aliasChain, List<RouteCandidate> found)
    {
        if (targets.Count == 1)
        {
            ResolveInto(requested, targets[0], aliasChain, found);
            return;
        }

        ModelNotFoundException? firstMiss = null;
        var before = found.Count;
        foreach (var target in targets)
        {
            try
            {
                ResolveInto(requested, target, aliasChain, found);
            }
            catch (ModelNotFoundException miss)
            {
                firstMiss ??= miss;
            }
        }

        if (found.Count == before && firstMiss is not null)
        {
            throw firstMiss;
        }
    }

    /// <summary>The fallback targets of a host alias as written (exact name first, then case-insensitive); empty when it is none.</summary>
    public IReadOnlyList<string> TargetsOf(string alias)
    {
        ArgumentNullException.ThrowIfNull(alias);
        return _comparisons.Select(c => FindHostAlias(alias, c)).FirstOrDefault(a => a is not null) is { } found
            ? _catalog.HostAliases[found]
            : [];
    }

    private string? FindHostAlias(string name, StringComparison comparison) =>
        comparison == StringComparison.Ordinal
            ? (_catalog.HostAliases.ContainsKey(name) ? name : null)
            : _hostAliasesIgnoringCase.GetValueOrDefault(name);

    private RouteCandidate? ResolvePinned(string requested, string name)
    {
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
        {
            return null;
        }

        var providerName = name[..slash];
        var model = name[(slash + 1)..];
        var entry = _comparisons
            .Select(c => _catalog.Providers.FirstOrDefault(e => string.Equals(e.Name, providerName, c)))
            .FirstOrDefault(e => e is not null);
        if (entry is null)
        {
            return null;
        }

        if (!IsEligible(entry))
        {
            throw new ModelNotFoundException(requested, KnownNames,
                $"No active provider serves '{requested}': {entry.Name} is {Describe(entry)}.");
        }

        if (string.IsNullOrEmpty(model))
        {
            return ToCandidate(entry, entry.Metadata!.DefaultModel);
        }

        if (!ModelResolver.TryResolve(entry.Metadata!, model, out var modelId))
        {
            var known = ModelResolver.KnownNames(entry.Metadata!);
            throw new ModelNotFoundException(requested, known,
                $"Unknown model '{model}' for {entry.Name}. Valid: {string.Join(", ", known)}.");
        }

        return ToCandidate(entry, modelId);
    }

    private ModelNotFoundException NotServed(string requested, string name)
    {
        var via = string.Equals(requested, name, StringComparison.Ordinal) ? "" : $" (alias of '{name}')";
        var idle = _catalog.Providers
            .Where(e => !IsEligible(e) && e.Metadata is not null
                && _comparisons.Any(c => Knows(e.Metadata, name, c)))
            .Select(e => $"{e.Name} is {Describe(e)}")
            .ToList();
        if (idle.Count > 0)
        {
            return new ModelNotFoundException(requested, KnownNames,
                $"No active provider serves '{requested}'{via}: {string.Join("; ", idle)}.");
        }

        return new ModelNotFoundException(requested, KnownNames,
            $"Unknown model '{requested}'{via}. Valid: {string.Join(", ", KnownNames)}.");
    }

    private static bool Knows(ProviderMetadata metadata, string name, StringComparison comparison) =>
        comparison == StringComparison.Ordinal
            ? metadata.Models.Contains(name, StringComparer.Ordinal) || metadata.ModelAliases.ContainsKey(name)
            : metadata.Models.Any(m => string.Equals(m, name, comparison))
              || metadata.ModelAliases.Keys.Any(a => string.Equals(a, name, comparison));

    private static string Describe(ProviderEntry entry) => entry switch
    {
        // The provider's own reason (e.g. its key variable is unset) tells the user what to fix.
        { Status: ProviderStatus.Active, Metadata: { Working: false, Error: { } why } } => $"marked not working ({why})",
        { Status: ProviderStatus.Active, Metadata.Working: false } => "marked not working",
        { Status: ProviderStatus.Malfunctioned, Error: { } error } => $"Malfunctioned ({error})",
        _ => entry.Status.ToString(),
    };

    private static RouteCandidate ToCandidate(ProviderEntry entry, string modelId) =>
        new(entry.Name, entry.Provider!, entry.Metadata!, modelId);
}
