using Microsoft.Extensions.Logging;

namespace Providers.Host.Plugins;

/// <summary>Log events of plugin discovery; each provider's outcome is logged once, when the catalog is built.</summary>
internal static partial class PluginLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Loaded provider {Name} {Version} from {Path}")]
    public static partial void ProviderLoaded(ILogger logger, string name, string version, string path);

    [LoggerMessage(EventId = 101, Level = LogLevel.Error, Message = "Provider {Name} from {Path} malfunctioned: {Reason}")]
    public static partial void ProviderMalfunctioned(ILogger logger, string name, string path, string reason);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Provider {Name} is disabled in the configuration")]
    public static partial void ProviderDisabled(ILogger logger, string name);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "Configuration section {Section} names no discovered provider")]
    public static partial void UnknownProviderSection(ILogger logger, string section);

    [LoggerMessage(EventId = 104, Level = LogLevel.Warning, Message = "{Reason}")]
    public static partial void EntrySkipped(ILogger logger, string reason);

    [LoggerMessage(EventId = 105, Level = LogLevel.Warning, Message = "Plugin {Name} in {Path} is not supported: {Reason}")]
    public static partial void PluginNotSupported(ILogger logger, string name, string path, string reason);
}
