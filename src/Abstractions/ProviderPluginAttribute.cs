namespace Providers.Abstractions;

/// <summary>Marks an assembly as a provider plugin built against contract version <paramref name="abiVersion"/>.</summary>
/// <example><code>[assembly: ProviderPlugin(ProviderAbi.Version)]</code></example>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = false)]
public sealed class ProviderPluginAttribute(int abiVersion) : Attribute
{
    /// <summary>The <see cref="ProviderAbi.Version"/> the plugin was compiled against.</summary>
    public int AbiVersion { get; } = abiVersion;
}
