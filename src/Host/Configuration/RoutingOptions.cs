using System.ComponentModel.DataAnnotations;

namespace Providers.Host.Configuration;

/// <summary>The optional <c>routing</c> section of plugins.json: retries, backoff and cooldown.</summary>
internal sealed class RoutingOptions
{
    public const string SectionName = "routing";

    /// <summary>Retries of one provider for a transient failure before its first output.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 2;

    /// <summary>The first backoff; each retry doubles it, up to <see cref="MaxBackoffMilliseconds"/>.</summary>
    [Range(0, 60_000)]
    public int InitialBackoffMilliseconds { get; set; } = 200;

    [Range(0, 300_000)]
    public int MaxBackoffMilliseconds { get; set; } = 5_000;

    /// <summary>Consecutive failed requests after which a provider rests for <see cref="CooldownSeconds"/>.</summary>
    [Range(1, 1000)]
    public int FailuresBeforeCooldown { get; set; } = 3;

    [Range(0, 86_400)]
    public int CooldownSeconds { get; set; } = 60;
}
