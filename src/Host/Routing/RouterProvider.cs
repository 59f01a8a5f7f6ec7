using System.Collections.Frozen;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;
using Providers.Abstractions;
using Providers.Host.Configuration;
using Providers.Host.Plugins;

namespace Providers.Host.Routing;

/// <summary>
/// Every active provider behind one <see cref="IAsyncGeneratorProvider"/>: resolves the model to
/// ordered candidates, adapts the request to each one's flags, retries transient failures, fails
/// over and rests providers that keep failing.
/// </summary>
/// <remarks>
/// <para>
/// Failover and retries happen only before a candidate's first output item (text, reasoning or
/// finish; conversation state is held back until then): once output has been yielded the stream
/// is committed to that provider and a later failure is rethrown as is, so a
/// consumer never receives the same text twice. Cancellation by the caller is never retried or
/// failed over. When every candidate fails, the last failure is rethrown unchanged (its type
/// decides the HTTP status or exit code).
/// </para>
/// <para>
/// A conversation (<see cref="ChatRequest.Conversation"/>) pins the request to the provider that
/// owns it, since its state means nothing to another provider. Thread-safe.
/// </para>
/// </remarks>
internal sealed class RouterProvider : IAsyncGeneratorProvider
{
    private readonly ModelRouteResolver _resolver;
    private readonly RoutingOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ProviderCooldown _cooldown;

    public RouterProvider(IProviderCatalog catalog, RoutingOptions options, TimeProvider time, ILogger<RouterProvider> logger)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _resolver = new ModelRouteResolver(catalog);
        _options = options;
        _time = time;
        _logger = logger;
        _cooldown = new ProviderCooldown(time, options.FailuresBeforeCooldown, TimeSpan.FromSeconds(options.CooldownSeconds));
        Metadata = BuildMetadata(_resolver, catalog);
    }

    public const string RouterName = "Router";

    /// <summary>The union of the eligible providers; the router adapts requests, so it takes everything.</summary>
    public ProviderMetadata Metadata { get; }

    /// <summary>The providers that may serve requests, in routing order (for listings such as <c>/v1/models</c>).</summary>
    public IReadOnlyList<ProviderEntry> EligibleProviders => _resolver.Eligible;

    public async IAsyncEnumerable<ResponseItem> CreateAsyncGenerator(ChatRequest request,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var requestedModel = request.Model;
        var candidates = Plan(request);
        Exception? lastFailure = null;

        foreach (var candidate in candidates)
        {
            var adapted = RequestAdapter.Adapt(request, candidate, out var adaptations);
            var opened = await OpenAsync(candidate, adapted, adaptations, cancellationToken).ConfigureAwait(false);
            if (opened.Stream is not { } stream)
            {
                lastFailure = opened.Failure;
                continue;
            }

            await using (stream.ConfigureAwait(false))
            {
                RouterLog.Serving(_logger, candidate.Name, candidate.ModelId);
                yield return new RouteSelected(candidate.Name, candidate.ModelId);
                foreach (var held in opened.Held)
                {
                    yield return held;
                }

                yield return stream.Current;
                while (await MoveNextAfterOutputAsync(stream, candidate, cancellationToken).ConfigureAwait(false))
                {
                    yield return stream.Current;
                }
            }

            _cooldown.RecordSuccess(candidate.Name);
            yield break;
        }

        RouterLog.AllFailed(_logger, requestedModel);
        ExceptionDispatchInfo.Throw(lastFailure!);
    }

    private List<RouteCandidate> Plan(ChatRequest request)
    {
        // An empty model means "the default" (as for any provider): the conversation's own model,
        // else the default model of the provider tried first.
        var model = request.Model;
        if (string.IsNullOrWhiteSpace(model))
        {
            model = request.Conversation is { } continued ? $"{continued.Provider}/{continued.Model}" : Metadata.DefaultModel;
        }

        var candidates = _resolver.Resolve(model).ToList();
        RouterLog.Resolved(_logger, model, candidates);

        if (request.Conversation is { } conversation)
        {
            candidates.RemoveAll(c => !string.Equals(c.Name, conversation.Provider, StringComparison.OrdinalIgnoreCase));
            if (candidates.Count == 0)
            {
                throw new ModelNotFoundException(model, _resolver.KnownNames,
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

        var available = new List<RouteCandidate>(candidates.Count);
        var earliest = DateTimeOffset.MaxValue;
        foreach (var candidate in candidates)
        {
            if (_cooldown.IsCooling(candidate.Name, out var until, out var recovered))
            {
                RouterLog.SkippedCooling(_logger, candidate.Name, candidate.ModelId, until);
                earliest = until < earliest ? until : earliest;
                continue;
            }

            if (recovered)
            {
                RouterLog.BackFromCooldown(_logger, candidate.Name, until);
            }

            available.Add(candidate);
        }

        if (available.Count == 0)
        {
            throw new NoAvailableProviderException(model, [.. candidates.Select(c => c.Name)], earliest);
        }

        return available;
    }

    // Calls the candidate until it yields its first output item, retrying transient failures with backoff.
    private async Task<FirstOutput> OpenAsync(RouteCandidate candidate, ChatRequest request,
        RequestAdaptations adaptations, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            RouterLog.Trying(_logger, candidate.Name, candidate.ModelId, attempt + 1, adaptations);
            RouterLog.Prompt(_logger, candidate.Name, candidate.ModelId, request.Messages);

            IAsyncEnumerator<ResponseItem>? stream = null;
            var held = new List<ResponseItem>();
            Exception failure;
            try
            {
                // Inside the try: a provider that is not an iterator may throw from the call itself.
                stream = candidate.Provider.CreateAsyncGenerator(request, cancellationToken).GetAsyncEnumerator(cancellationToken);
                while (await stream.MoveNextAsync().ConfigureAwait(false))
                {
                    if (FirstOutput.IsOutput(stream.Current))
                    {
                        return FirstOutput.Opened(stream, held);
                    }

                    held.Add(stream.Current);
                }

                failure = new ProviderStreamException(candidate.Name, "empty reply",
                    $"{candidate.Name} ended the reply without any output.");
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                if (stream is not null)
                {
                    await stream.DisposeAsync().ConfigureAwait(false);
                }

                throw;
            }
            catch (Exception error)
            {
                failure = error;
            }

            await DisposeAfterFailureAsync(stream).ConfigureAwait(false);
            if (RetryPolicy.ShouldRetry(_options, attempt, failure, out var delay))
            {
                RouterLog.Retrying(_logger, candidate.Name, candidate.ModelId, failure.Message, delay);
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
                continue;
            }

            RouterLog.FailingOver(_logger, candidate.Name, candidate.ModelId, failure);
            RecordFailure(candidate.Name, failure);
            return FirstOutput.Failed(failure);
        }
    }

    private async Task<bool> MoveNextAfterOutputAsync(IAsyncEnumerator<ResponseItem> stream, RouteCandidate candidate,
        CancellationToken cancellationToken)
    {
        try
        {
            return await stream.MoveNextAsync().ConfigureAwait(false);
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            RouterLog.FailedAfterOutput(_logger, candidate.Name, candidate.ModelId, error);
            RecordFailure(candidate.Name, error);
            throw;
        }
    }

    private void RecordFailure(string provider, Exception error)
    {
        if (!SaysProviderIsUnhealthy(error))
        {
            return;
        }

        if (_cooldown.RecordFailure(provider, out var until))
        {
            RouterLog.CoolingDown(_logger, provider, _options.FailuresBeforeCooldown, until);
        }
    }

    // Only failures of the provider itself rest it. A request it refused (a prompt too long, an
    // expired parent, a bad option) says nothing about its health, and counting those would let
    // one client's bad requests shut the provider off for every other client.
    private static bool SaysProviderIsUnhealthy(Exception error) => error switch
    {
        InvalidChatRequestException or ModelNotFoundException => false,
        ProviderException provider => provider.IsTransient,
        _ => true,
    };

    private static async ValueTask DisposeAfterFailureAsync(IAsyncEnumerator<ResponseItem>? stream)
    {
        if (stream is null)
        {
            return;
        }

        try
        {
            await stream.DisposeAsync().ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The attempt already failed; a second failure while cleaning up must not mask the first.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private static ProviderMetadata BuildMetadata(ModelRouteResolver resolver, IProviderCatalog catalog)
    {
        var eligible = resolver.Eligible.Select(e => e.Metadata!).ToList();
        var aliases = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (alias, target) in eligible.SelectMany(m => m.ModelAliases).Concat(catalog.HostAliases))
        {
            aliases.TryAdd(alias, target);
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
