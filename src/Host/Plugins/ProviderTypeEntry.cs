using Providers.Abstractions;

namespace Providers.Host.Plugins;

/// <summary>A provider type found in a plugin assembly, its properties read once.</summary>
/// <param name="Name">Its <see cref="IProviderType.Name"/>; the class name (without "ProviderType") when it could not be created.</param>
/// <param name="Type">The created type; null when <paramref name="Error"/> is set.</param>
/// <param name="Plugin">The plugin it came from.</param>
/// <param name="Error">Why the type cannot be used (a second copy of the contract, a throwing constructor).</param>
internal sealed record ProviderTypeEntry(string Name, IProviderType? Type, PluginInfo Plugin, string? Error)
{
    /// <summary>Its <see cref="IProviderType.RequiresConfiguration"/>, read once at discovery.</summary>
    public bool RequiresConfiguration { get; init; }

    /// <summary>Its <see cref="IProviderType.OptionsType"/>, read once at discovery.</summary>
    public Type OptionsType { get; init; } = typeof(ProviderOptions);
}
