using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Providers.Host.Configuration;

namespace Providers.Host.Routing;

/// <summary>One Polly circuit breaker per provider instance and model, so one failing model does not rest its siblings.</summary>
/// <remarks>
/// <para>
/// A breaker opens after <see cref="RoutingOptions.FailuresBeforeCooldown"/> failed attempts in a
/// row (each retry is an attempt: the breaker sits inside the retry layer, so a request that keeps
/// failing trips it by itself and the client's own retries find it open instead of the upstream)
/// and stays open for
/// <see cref="RoutingOptions.CooldownSeconds"/>; then it lets exactly one trial request through
/// (half-open): its success closes the breaker, its failure opens it again. Recovery is found by one
/// request, not by the whole clientele. Only failures that <see cref="FailureClassifier"/> holds
/// against the provider's health count; a refused request counts as a success.
/// </para>
/// <para>With <c>cooldownSeconds: 0</c> nothing ever rests. Thread-safe.</para>
/// </remarks>
internal sealed class CircuitBreakers(RoutingOptions options, TimeProvider time, ILogger logger)
{
    private readonly ConcurrentDictionary<(string Provider, string Model), ResiliencePipeline> _breakers = new();

    public ResiliencePipeline For(RouteCandidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        return options.CooldownSeconds == 0
            ? ResiliencePipeline.Empty
            : _breakers.GetOrAdd((candidate.Name, candidate.ModelId), Create);
    }

    private ResiliencePipeline Create((string Provider, string Model) key)
    {
        var breakDuration = TimeSpan.FromSeconds(options.CooldownSeconds);
        return new ResiliencePipelineBuilder { TimeProvider = time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                // Every sampled request failed, and at least this many: "N failures in a row".
                FailureRatio = 1.0,
                MinimumThroughput = options.FailuresBeforeCooldown,
                SamplingDuration = breakDuration > TimeSpan.FromSeconds(30) ? breakDuration : TimeSpan.FromSeconds(30),
                BreakDuration = breakDuration,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } error
                    && FailureClassifier.Classify(error, args.Context.CancellationToken.IsCancellationRequested).CountsAgainstHealth),
                OnOpened = args =>
                {
                    RouterLog.CoolingDown(logger, key.Provider, key.Model, options.FailuresBeforeCooldown, time.GetUtcNow() + args.BreakDuration);
                    return ValueTask.CompletedTask;
                },
                OnHalfOpened = _ =>
                {
                    RouterLog.TrialRequest(logger, key.Provider, key.Model);
                    return ValueTask.CompletedTask;
                },
                OnClosed = _ =>
                {
                    RouterLog.BackFromCooldown(logger, key.Provider, key.Model);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }
}
