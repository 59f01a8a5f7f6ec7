namespace Providers.Host.Plugins;

/// <summary>What one look at the plugins folder found to do.</summary>
/// <param name="Settled">Folders added or changed whose files have stopped changing: (re)load them.</param>
/// <param name="Removed">Folders that were applied and are gone: take them out.</param>
/// <param name="NextDue">When the earliest folder still settling will have settled; null when none is.</param>
internal sealed record PluginFolderChanges(IReadOnlyList<string> Settled, IReadOnlyList<string> Removed, DateTimeOffset? NextDue)
{
    public bool Any => Settled.Count > 0 || Removed.Count > 0;
}
