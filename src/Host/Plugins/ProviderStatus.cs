namespace Providers.Host.Plugins;

/// <summary>Whether a discovered provider (or plugin) can serve requests.</summary>
/// <remarks>Listings write the member's name, so the names are part of the JSON output.</remarks>
internal enum ProviderStatus
{
    Active,
    Disabled,
    Malfunctioned,

    /// <summary>The plugin's manifest names a contract version this host does not implement; nothing of it was loaded.</summary>
    NotSupported,
}
