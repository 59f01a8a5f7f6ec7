using Microsoft.Extensions.Logging;

namespace Providers.Host.Plugins;

/// <summary>Log events of plugins coming and going while serving: one line per folder change.</summary>
internal static partial class PluginReloadLog
{
    [LoggerMessage(EventId = 120, Level = LogLevel.Information, Message = "Plugin folder {Folder} loaded: {Plugin} {Version}, providers {Providers}")]
    public static partial void Loaded(ILogger logger, string folder, string plugin, string version, string providers);

    [LoggerMessage(EventId = 121, Level = LogLevel.Error, Message = "Plugin folder {Folder} failed: {Reason}; retried when its files change")]
    public static partial void Failed(ILogger logger, string folder, string reason);

    [LoggerMessage(EventId = 122, Level = LogLevel.Information, Message = "Plugin folder {Folder} removed: providers {Providers} no longer routed")]
    public static partial void Removed(ILogger logger, string folder, string providers);

    [LoggerMessage(EventId = 123, Level = LogLevel.Debug, Message = "Plugin folder {Folder} {Version} unloaded after its last request")]
    public static partial void Unloaded(ILogger logger, string folder, string version);

    [LoggerMessage(EventId = 124, Level = LogLevel.Warning, Message = "Cannot watch {Path} for changes ({Reason}); looking every {Seconds} s instead")]
    public static partial void WatcherUnavailable(ILogger logger, string path, string reason, double seconds);

    [LoggerMessage(EventId = 125, Level = LogLevel.Error, Message = "Reloading plugins failed, the previous set stays: {Reason}")]
    public static partial void ReloadFailed(ILogger logger, string reason);
}
