using Microsoft.Extensions.Configuration;

namespace Providers.Host.Configuration;

/// <summary>plugins.json after environment overrides, command-line overrides and validation.</summary>
/// <param name="Root">Every key, for binding plugin sections (<c>providers:&lt;Name&gt;</c>) and <c>routing</c>.</param>
/// <param name="Sources">Names the file or variable a key came from, for error messages.</param>
/// <param name="PluginsDirectory">The absolute path of the plugins folder; it exists.</param>
/// <param name="Providers">The validated common keys of every provider section, by name (case-insensitive).</param>
/// <param name="Aliases">Host-level aliases: alias → model, alias or <c>Provider/model</c>.</param>
/// <param name="Routing">The validated <c>routing</c> section (defaults where absent).</param>
internal sealed record HostConfiguration(
    IConfigurationRoot Root,
    ConfigurationSources Sources,
    string PluginsDirectory,
    IReadOnlyDictionary<string, ProviderSettings> Providers,
    IReadOnlyDictionary<string, string> Aliases,
    RoutingOptions Routing)
{
    public ProviderSettings ProviderSettingsFor(string name) =>
        Providers.TryGetValue(name, out var settings) ? settings : ProviderSettings.Default(name);
}
