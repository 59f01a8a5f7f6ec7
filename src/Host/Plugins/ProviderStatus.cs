namespace Providers.Host.Plugins;

/// <summary>Whether a discovered provider can serve requests.</summary>
internal enum ProviderStatus
{
    Active,
    Disabled,
    Malfunctioned,
}
