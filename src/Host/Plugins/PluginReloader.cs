using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Providers.Host.Configuration;
using Providers.Host.Routing;

namespace Providers.Host.Plugins;

/// <summary>
/// Hot drop-in for <c>host serve</c>: watches the plugins folder and, once a folder has settled,
/// loads, reloads or drops it and swaps the whole provider set at once.
/// </summary>
/// <remarks>
/// <para>
/// A file-system watcher wakes the loop at once; a poll every <see cref="PluginReloadOptions.PollInterval"/>
/// catches what a watcher misses (some file systems send no events). <see cref="PluginFolderSettler"/>
/// decides when a folder has settled. A change builds the next catalog from every folder's
/// <see cref="LoadedPlugin"/> (unchanged folders keep theirs) and publishes it with
/// <see cref="ProviderCatalogSource.Replace"/>: a request sees the old set or the new one, never a mix.
/// </para>
/// <para>
/// This service owns every catalog it publishes, the first included. A replaced catalog is disposed
/// once its last lease ends (streams running on it finish first); a plugin's load context is unloaded
/// once no catalog still in use holds it, so it can be collected. Nothing a folder holds can stop the
/// server: a failure is one log line and a <c>Malfunctioned</c> entry, retried when the folder changes.
/// </para>
/// </remarks>
internal sealed class PluginReloader : BackgroundService, IAsyncDisposable
{
    private readonly ProviderCatalogSource _source;
    private readonly HostConfiguration _configuration;
    private readonly PluginReloadOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<PluginReloader> _logger;
    private readonly string _root;
    private readonly PluginAssemblyLoader _loader = new(unloadable: true);
    private readonly ProviderInstanceFactory _factory;
    private readonly PluginFolderSettler _settler;
    private readonly SortedDictionary<string, LoadedPlugin> _plugins = new(StringComparer.Ordinal);
    private readonly Lock _usesGate = new();
    private readonly Dictionary<LoadedPlugin, int> _uses = new(ReferenceEqualityComparer.Instance);
    private Generation _current;
    private TaskCompletionSource _wake = NewWake();
    private int _disposed;

    public PluginReloader(ProviderCatalogSource source, StartupPlugins startup, HostConfiguration configuration, PluginReloadOptions options,
        TimeProvider time, ILoggerFactory loggerFactory, ILogger<PluginReloader> logger)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(startup);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        ArgumentNullException.ThrowIfNull(logger);
        _source = source;
        _configuration = configuration;
        _options = options;
        _time = time;
        _logger = logger;
        _root = configuration.PluginsDirectory;
        _factory = new ProviderInstanceFactory(loggerFactory, time, configuration.Sources);
        _settler = new PluginFolderSettler(options.SettleInterval, startup.Fingerprints);
        var plugins = startup.Take();
        foreach (var plugin in plugins)
        {
            _plugins[plugin.Candidate.FolderName] = plugin;
        }

        _current = Publish(source.Current, plugins);
    }

    /// <summary>The plugin folders loaded now, in folder order.</summary>
    public IReadOnlyList<LoadedPlugin> Plugins => Volatile.Read(ref _current).Plugins;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        using var watcher = StartWatcher();
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = _options.PollInterval;
            try
            {
                var now = _time.GetUtcNow();
                var observed = PluginFolderFingerprint.TakeAll(_root);
                var changes = _settler.Observe(observed, now);
                if (changes.Any)
                {
                    Apply(changes, observed);
                }

                if (changes.NextDue is { } due && due - now < wait)
                {
                    wait = due - now;
                }
            }
#pragma warning disable CA1031 // Whatever a plugin folder holds, the server keeps serving the set it has.
            catch (Exception error)
#pragma warning restore CA1031
            {
                PluginReloadLog.ReloadFailed(_logger, $"{error.GetType().Name}: {PluginAssemblyLoader.OneLine(error.Message)}");
            }

            try
            {
                await WaitAsync(wait, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
        }
    }

    private void Apply(PluginFolderChanges changes, Dictionary<string, string> observed)
    {
        var before = new SortedDictionary<string, LoadedPlugin>(_plugins, StringComparer.Ordinal);
        var candidates = Candidates();
        var changed = new List<(string Folder, LoadedPlugin? Before, LoadedPlugin? After)>();
        foreach (var folder in changes.Removed)
        {
            _settler.Applied(folder, null);
            if (_plugins.Remove(folder, out var removed))
            {
                changed.Add((folder, removed, null));
            }
        }

        foreach (var folder in changes.Settled)
        {
            _settler.Applied(folder, observed[folder]);
            _plugins.Remove(folder, out var previous);
            // A folder the scanner skips (a dangling link, say) is no plugin: whatever it held before is gone.
            var loaded = candidates.TryGetValue(folder, out var candidate) ? LoadSafely(candidate) : null;
            if (loaded is not null)
            {
                _plugins[folder] = loaded;
            }

            if (previous is not null || loaded is not null)
            {
                changed.Add((folder, previous, loaded));
            }
        }

        if (changed.Count == 0)
        {
            return;
        }

        List<LoadedPlugin> plugins = [.. _plugins.Values];
        ProviderCatalog catalog;
        try
        {
            catalog = ProviderCatalogBuilder.Build(plugins, _configuration, _factory, NullLogger.Instance, sectionErrorsMarkInstances: true);
        }
        catch
        {
            // Keep serving the previous set; what was just loaded is never used.
            foreach (var (_, _, loaded) in changed)
            {
                loaded?.LoadContext?.Unload();
            }

            _plugins.Clear();
            foreach (var (folder, plugin) in before)
            {
                _plugins[folder] = plugin;
            }

            throw;
        }

        var previousGeneration = Volatile.Read(ref _current);
        var next = Publish(catalog, plugins);
        Volatile.Write(ref _current, next);
        var retired = _source.Replace(catalog);
        foreach (var (folder, previous, loaded) in changed)
        {
            LogChange(folder, loaded, previous, previousGeneration.Catalog, catalog);
        }

        _ = RetireAsync(previousGeneration, retired);
    }

    // Files still being written can fail in ways a finished folder never does (a truncated deps.json, say):
    // whatever the loader throws marks the folder, never the loop.
    private LoadedPlugin LoadSafely(PluginCandidate candidate)
    {
        try
        {
            return _loader.Load(candidate);
        }
#pragma warning disable CA1031 // See above: the folder is retried once it changes and settles.
        catch (Exception error)
#pragma warning restore CA1031
        {
            return LoadedPlugin.Failed(candidate, new PluginInfo(candidate.AssemblyPath ?? candidate.FolderPath, ""),
                $"{error.GetType().Name}: {PluginAssemblyLoader.OneLine(error.Message)}");
        }
    }

    private Dictionary<string, PluginCandidate> Candidates()
    {
        try
        {
            return PluginDirectoryScanner.Scan(_root).ToDictionary(c => c.FolderName, StringComparer.Ordinal);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private Generation Publish(IProviderCatalog catalog, IReadOnlyList<LoadedPlugin> plugins)
    {
        lock (_usesGate)
        {
            foreach (var plugin in plugins)
            {
                _uses[plugin] = _uses.GetValueOrDefault(plugin) + 1;
            }
        }

        return new Generation(catalog, plugins);
    }

    private async Task RetireAsync(Generation generation, Task retired)
    {
        try
        {
            await retired.ConfigureAwait(false);
            await ReleaseAsync(generation).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A provider's Dispose is foreign code: a failure there must not reach the server.
        catch (Exception error)
#pragma warning restore CA1031
        {
            PluginReloadLog.ReloadFailed(_logger, $"releasing a replaced provider set: {error.GetType().Name}: {PluginAssemblyLoader.OneLine(error.Message)}");
        }
    }

    private async Task ReleaseAsync(Generation generation)
    {
        if (generation.Catalog is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync().ConfigureAwait(false);
        }

        var unused = new List<LoadedPlugin>();
        lock (_usesGate)
        {
            foreach (var plugin in generation.Plugins)
            {
                if (_uses.TryGetValue(plugin, out var uses) && uses > 1)
                {
                    _uses[plugin] = uses - 1;
                }
                else if (_uses.Remove(plugin))
                {
                    unused.Add(plugin);
                }
            }
        }

        foreach (var plugin in unused.Where(p => p.LoadContext is not null))
        {
            plugin.LoadContext!.Unload();
            PluginReloadLog.Unloaded(_logger, plugin.Candidate.FolderName, plugin.Info.Version);
        }
    }

    private void LogChange(string folder, LoadedPlugin? loaded, LoadedPlugin? previous, IProviderCatalog before, IProviderCatalog after)
    {
        if (loaded is null)
        {
            var gone = Names(EntriesOf(before, previous!));
            PluginReloadLog.Removed(_logger, folder, gone);
            return;
        }

        if (loaded.Error is { } error)
        {
            PluginReloadLog.Failed(_logger, folder, error);
            return;
        }

        var entries = EntriesOf(after, loaded);
        var failures = entries.Where(e => e.Status == ProviderStatus.Malfunctioned).ToList();
        if (failures.Count > 0)
        {
            var reasons = string.Join("; ", failures.Select(e => $"{e.Name}: {e.Error}"));
            PluginReloadLog.Failed(_logger, folder, reasons);
            return;
        }

        var name = Path.GetFileNameWithoutExtension(loaded.Info.Path);
        var providers = Names(entries);
        PluginReloadLog.Loaded(_logger, folder, name, loaded.Info.Version, providers);
    }

    private static List<ProviderEntry> EntriesOf(IProviderCatalog catalog, LoadedPlugin plugin) =>
        [.. catalog.Providers.Where(e => string.Equals(e.Plugin.Path, plugin.Info.Path, StringComparison.Ordinal))];

    private static string Names(List<ProviderEntry> entries) =>
        entries.Count == 0
            ? "(none)"
            : string.Join(", ", entries.Select(e => e.Status == ProviderStatus.Active ? e.Name : $"{e.Name} ({e.Status})"));

    private FileSystemWatcher? StartWatcher()
    {
        try
        {
            var watcher = new FileSystemWatcher(_root)
            {
                IncludeSubdirectories = true,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
            };
            watcher.Changed += (_, _) => Wake();
            watcher.Created += (_, _) => Wake();
            watcher.Deleted += (_, _) => Wake();
            watcher.Renamed += (_, _) => Wake();
            watcher.Error += (_, _) => Wake();
            watcher.EnableRaisingEvents = true;
            return watcher;
        }
        catch (Exception error) when (error is IOException or ArgumentException or PlatformNotSupportedException or UnauthorizedAccessException)
        {
            // Typically the inotify limit of the machine; polling alone still meets the settle-then-load promise.
            PluginReloadLog.WatcherUnavailable(_logger, _root, PluginAssemblyLoader.OneLine(error.Message), _options.PollInterval.TotalSeconds);
            return null;
        }
    }

    private void Wake() => Volatile.Read(ref _wake).TrySetResult();

    /// <summary>Returns after <paramref name="delay"/> on the host's clock, or as soon as the watcher saw something.</summary>
    private async Task WaitAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        var wake = Volatile.Read(ref _wake);
        if (delay > TimeSpan.Zero && !wake.Task.IsCompleted)
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            await Task.WhenAny(wake.Task, Task.Delay(delay, _time, stop.Token)).ConfigureAwait(false);
            await stop.CancelAsync().ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (wake.Task.IsCompleted)
        {
            // Events during the next look complete the new one, so none is lost.
            Interlocked.CompareExchange(ref _wake, NewWake(), wake);
        }
    }

    private static TaskCompletionSource NewWake() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override void Dispose()
    {
        base.Dispose();
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            ReleaseAsync(Volatile.Read(ref _current)).GetAwaiter().GetResult();
        }
    }

    /// <summary>After the server stopped: the current catalog is disposed and its plugins unloaded.</summary>
    public async ValueTask DisposeAsync()
    {
        base.Dispose();
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await ReleaseAsync(Volatile.Read(ref _current)).ConfigureAwait(false);
        }
    }

    private sealed record Generation(IProviderCatalog Catalog, IReadOnlyList<LoadedPlugin> Plugins);
}
