namespace Providers.Host.Plugins;

/// <summary>Debounces plugin folders: a folder is due once its fingerprint has stayed the same for the settle interval.</summary>
/// <remarks>
/// Pure bookkeeping over the times it is given (the host's clock), so it is tested without waiting.
/// A folder that was applied (loaded, or found to be no plugin) is due again only when its
/// fingerprint changes, so a folder that failed to load is retried once it changes and settles
/// again, never in a loop. Not thread-safe: one loop owns it.
/// </remarks>
internal sealed class PluginFolderSettler
{
    private readonly TimeSpan _settleInterval;
    private readonly Dictionary<string, (string Fingerprint, DateTimeOffset Since)> _seen = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _applied;

    /// <param name="settleInterval">How long a folder's fingerprint must stay the same.</param>
    /// <param name="applied">Folder → fingerprint of what is loaded now (taken before loading, so a change during the load is seen).</param>
    public PluginFolderSettler(TimeSpan settleInterval, IReadOnlyDictionary<string, string> applied)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(settleInterval, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(applied);
        _settleInterval = settleInterval;
        _applied = new Dictionary<string, string>(applied, StringComparer.Ordinal);
    }

    /// <summary>Records what the folder holds at <paramref name="now"/> and says which folders are due.</summary>
    /// <param name="observed">Folder name → fingerprint, for every folder present now.</param>
    /// <param name="now">The host's clock.</param>
    public PluginFolderChanges Observe(IReadOnlyDictionary<string, string> observed, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(observed);
        foreach (var gone in _seen.Keys.Where(folder => !observed.ContainsKey(folder)).ToList())
        {
            _seen.Remove(gone);
        }

        var removed = _applied.Keys.Where(folder => !observed.ContainsKey(folder)).Order(StringComparer.Ordinal).ToList();
        var settled = new List<string>();
        DateTimeOffset? nextDue = null;
        foreach (var (folder, fingerprint) in observed.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            if (!_seen.TryGetValue(folder, out var seen) || seen.Fingerprint != fingerprint)
            {
                seen = (fingerprint, now);
                _seen[folder] = seen;
            }

            if (_applied.TryGetValue(folder, out var applied) && applied == fingerprint)
            {
                continue;
            }

            var due = seen.Since + _settleInterval;
            if (due <= now)
            {
                settled.Add(folder);
            }
            else if (nextDue is null || due < nextDue)
            {
                nextDue = due;
            }
        }

        return new PluginFolderChanges(settled, removed, nextDue);
    }

    /// <summary>Records that <paramref name="folder"/> now serves what <paramref name="fingerprint"/> describes; null: it is gone.</summary>
    public void Applied(string folder, string? fingerprint)
    {
        if (fingerprint is null)
        {
            _applied.Remove(folder);
        }
        else
        {
            _applied[folder] = fingerprint;
        }
    }
}
