namespace Providers.Host.Configuration;

/// <summary>The common keys of one <c>providers:&lt;Name&gt;</c> section that the host itself acts on.</summary>
/// <param name="Name">The section's key as written, e.g. <c>AllenAI</c>: the instance's name.</param>
/// <param name="Enabled">False keeps the provider listed as Disabled and never built.</param>
/// <param name="ApiEndpoint">Overrides the metadata's endpoint; null keeps it.</param>
/// <param name="Priority">Routing order when several providers serve a model: higher first.</param>
internal sealed record ProviderSettings(string Name, bool Enabled, Uri? ApiEndpoint, int Priority)
{
    /// <summary>The host's own key of a provider section: the provider type the instance is created from.</summary>
    public const string TypeKey = "type";

    /// <summary>The <c>type</c> key as written; null when absent, and the section's key names the type.</summary>
    public string? Type { get; init; }

    /// <summary>The provider type to create the instance from.</summary>
    public string TypeName => Type ?? Name;

    public string SectionPath => $"providers:{Name}";

    public static ProviderSettings Default(string name) => new(name, Enabled: true, ApiEndpoint: null, Priority: 0);
}
