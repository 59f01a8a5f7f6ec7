namespace Providers.Host.Plugins;

/// <summary>Everything the host discovered at start, plus the host-level aliases from plugins.json.</summary>
/// <remarks>Built once at start; immutable and thread-safe after that.</remarks>
internal interface IProviderCatalog
{
    /// <summary>Every provider of every plugin, whatever its status, in a stable order.</summary>
    IReadOnlyList<ProviderEntry> Providers { get; }

    /// <summary>
    /// Host-level aliases (<c>aliases</c> in plugins.json): alias → its targets in fallback order,
    /// each a model, alias or <c>Provider/model</c>; never empty.
    /// </summary>
    IReadOnlyDictionary<string, IReadOnlyList<string>> HostAliases { get; }

    /// <summary>Every plugin folder the providers came from, whatever became of it, in folder order.</summary>
    /// <remarks>Empty for a catalog made without plugin discovery (an in-memory one).</remarks>
    IReadOnlyList<LoadedPlugin> Plugins => [];
}
