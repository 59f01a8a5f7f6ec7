namespace Providers.Host.Routing;

/// <summary>Counts consecutive failed requests per provider and rests a provider that keeps failing.</summary>
/// <remarks>
/// After <c>failuresBeforeCooldown</c> consecutive failures the provider is skipped for
/// <c>duration</c>; the count restarts at zero when it trips, so a provider back from its rest gets
/// the full budget again (LiteLLM's "allowed fails" idea). A completed request resets the count.
/// Thread-safe (one small lock; the work under it is a dictionary update); time comes from the
/// injected <see cref="TimeProvider"/> so tests control it.
/// </remarks>
internal sealed class ProviderCooldown(TimeProvider time, int failuresBeforeCooldown, TimeSpan duration)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _failures = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _until = new(StringComparer.Ordinal);

    /// <summary>True while <paramref name="provider"/> rests.</summary>
    /// <param name="provider">The provider's name.</param>
    /// <param name="until">When its rest ends (or ended).</param>
    /// <param name="recovered">True exactly once: on the first check after a rest ended.</param>
    public bool IsCooling(string provider, out DateTimeOffset until, out bool recovered)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            until = _until.GetValueOrDefault(provider);
            recovered = until != default && now >= until && _until.Remove(provider);
        }

        return now < until;
    }

    /// <summary>Records one failed request; returns true when this failure starts a cooldown.</summary>
    public bool RecordFailure(string provider, out DateTimeOffset until)
    {
        lock (_gate)
        {
            var failures = _failures.GetValueOrDefault(provider) + 1;
            if (failures < failuresBeforeCooldown)
            {
                _failures[provider] = failures;
                until = _until.GetValueOrDefault(provider);
                return false;
            }

            _failures[provider] = 0;
            until = time.GetUtcNow() + duration;
            _until[provider] = until;
            return true;
        }
    }

    public void RecordSuccess(string provider)
    {
        lock (_gate)
        {
            _failures.Remove(provider);
        }
    }
}
