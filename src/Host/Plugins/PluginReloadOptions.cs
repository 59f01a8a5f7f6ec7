namespace Providers.Host.Plugins;

/// <summary>How <c>host serve</c> watches its plugins folder.</summary>
internal sealed class PluginReloadOptions
{
    /// <summary>How long a plugin folder's files must stay unchanged before it is loaded: a copy in progress is never loaded half-done on purpose.</summary>
    public TimeSpan SettleInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the folder is looked at even without a file-system event (watchers miss events on some file systems).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);
}
