using System.ComponentModel.DataAnnotations;

namespace Providers.Abstractions;

/// <summary>The configuration keys every provider section has; a plugin derives its own options from it.</summary>
public class ProviderOptions
{
    /// <summary>The shortest <see cref="TimeoutSeconds"/> allowed.</summary>
    public const int MinTimeoutSeconds = 1;

    /// <summary>The longest <see cref="TimeoutSeconds"/> allowed.</summary>
    public const int MaxTimeoutSeconds = 3600;

    /// <summary>Whether the host uses the provider at all.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Overrides the provider's default API endpoint.</summary>
    public Uri? ApiEndpoint { get; set; }

    /// <summary>An HTTP proxy for the provider's requests.</summary>
    public Uri? Proxy { get; set; }

    /// <summary>The longest silence allowed from the upstream, in seconds.</summary>
    [Range(MinTimeoutSeconds, MaxTimeoutSeconds)]
    public int TimeoutSeconds { get; set; } = 120;

    /// <summary>Routing order when several providers serve a model: higher first.</summary>
    public int Priority { get; set; }
}
