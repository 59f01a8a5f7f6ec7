using Microsoft.Extensions.Logging;
using Providers.Abstractions;
using Providers.Host.Configuration;

namespace Providers.Host.Plugins;

/// <summary>Turns the loaded plugins and the <c>providers</c> sections into a catalog of provider instances.</summary>
/// <remarks>
/// Every section is an instance named by its key, created from the type its <c>type</c> names (else
/// its key). A type that needs no configuration and that no section uses gets one implicit instance
/// named after it. A failure is recorded on its entry, never thrown, except a bad configuration
/// section, which is the user's mistake and stops the host (exit code 2).
/// </remarks>
internal static class ProviderCatalogBuilder
{
    private static readonly PluginInfo _noPlugin = new("", "");

    /// <param name="plugins">The loaded plugin folders, in folder order.</param>
    /// <param name="configuration">plugins.json.</param>
    /// <param name="factory">Builds each instance.</param>
    /// <param name="logger">Told of each provider's outcome.</param>
    /// <param name="sectionErrorsMarkInstances">
    /// True while serving, when a plugin dropped in meets a section it cannot take: the instance is
    /// listed Malfunctioned with the reason instead of stopping a running server.
    /// </param>
    /// <exception cref="HostConfigurationException">An instance's section is invalid (unless <paramref name="sectionErrorsMarkInstances"/>).</exception>
    public static ProviderCatalog Build(IReadOnlyList<LoadedPlugin> plugins, HostConfiguration configuration, ProviderInstanceFactory factory, ILogger logger,
        bool sectionErrorsMarkInstances = false)
    {
        ArgumentNullException.ThrowIfNull(plugins);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(logger);

        var entries = new List<ProviderEntry>();
        var types = CollectTypes(plugins, entries);
        var containers = new List<IAsyncDisposable>();
        var unmatchedSections = new List<string>();
        try
        {
            foreach (var (type, settings) in PlanInstances(types, configuration, entries, unmatchedSections))
            {
                var (entry, container) = BuildInstance(type, settings, configuration, factory, sectionErrorsMarkInstances);
                entries.Add(entry);
                if (container is not null)
                {
                    containers.Add(container);
                }
            }
        }
        catch
        {
            foreach (var container in containers)
            {
                ((IDisposable)container).Dispose();
            }

            throw;
        }

        // Warned only once the catalog stands: a config that fails shows its one error, not warnings before it.
        foreach (var section in unmatchedSections)
        {
            PluginLog.UnknownProviderSection(logger, section);
        }

        var catalog = new ProviderCatalog(entries, configuration.Aliases, containers) { Plugins = plugins };
        foreach (var entry in catalog.Providers)
        {
            // An instance whose type was not found comes from no plugin: its origin is the section that names it.
            Log(logger, entry, entry.Plugin.Path is { Length: > 0 } path ? path : configuration.Sources.SourceOf($"providers:{entry.Name}"));
        }

        return catalog;
    }

    /// <summary>Usable types by name (case-insensitive, first plugin wins); failed plugins and types become entries.</summary>
    private static Dictionary<string, ProviderTypeEntry> CollectTypes(IReadOnlyList<LoadedPlugin> plugins, List<ProviderEntry> entries)
    {
        var types = new Dictionary<string, ProviderTypeEntry>(StringComparer.OrdinalIgnoreCase);
        foreach (var plugin in plugins)
        {
            if (plugin.Error is { } pluginError)
            {
                entries.Add(new ProviderEntry(plugin.Candidate.FolderName, null, plugin.Status, pluginError, plugin.Info, null, 0, null));
                continue;
            }

            foreach (var type in plugin.ProviderTypes)
            {
                var error = type.Error
                    ?? (types.TryGetValue(type.Name, out var owner) ? $"duplicate provider name {type.Name}: already provided by {owner.Plugin.Path}" : null);
                if (error is not null)
                {
                    // A duplicate keeps an id of its own (type@folder, folder names are unique) so no two entries share one.
                    var id = type.Error is null ? $"{type.Name}@{plugin.Candidate.FolderName}" : type.Name;
                    entries.Add(new ProviderEntry(id, null, ProviderStatus.Malfunctioned, error, plugin.Info, null, 0, null) { TypeName = type.Name });
                    continue;
                }

                types.Add(type.Name, type);
            }
        }

        return types;
    }

    private static List<(ProviderTypeEntry Type, ProviderSettings Settings)> PlanInstances(
        Dictionary<string, ProviderTypeEntry> types, HostConfiguration configuration, List<ProviderEntry> entries, List<string> unmatchedSections)
    {
        var instances = new List<(ProviderTypeEntry, ProviderSettings)>();
        var used = new HashSet<ProviderTypeEntry>();
        foreach (var settings in configuration.Providers.Values)
        {
            if (types.TryGetValue(settings.TypeName, out var type))
            {
                instances.Add((type, settings));
                used.Add(type);
            }
            else if (settings.Type is { } missing)
            {
                entries.Add(new ProviderEntry(settings.Name, null, ProviderStatus.Malfunctioned, $"provider type '{missing}' not found", _noPlugin, null,
                    settings.Priority, settings.ApiEndpoint)
                {
                    TypeName = missing,
                });
            }
            else
            {
                // Not an error: removing a plugin folder must not break a config that still mentions it.
                unmatchedSections.Add(settings.SectionPath);
            }
        }

        foreach (var type in types.Values)
        {
            if (!type.RequiresConfiguration && !used.Contains(type) && !configuration.Providers.ContainsKey(type.Name))
            {
                instances.Add((type, ProviderSettings.Default(type.Name)));
            }
        }

        return instances;
    }

    private static (ProviderEntry Entry, IAsyncDisposable? Container) BuildInstance(ProviderTypeEntry type, ProviderSettings settings,
        HostConfiguration configuration, ProviderInstanceFactory factory, bool sectionErrorsMarkInstances)
    {
        var instance = new ProviderInstance(settings.Name, type.Name, configuration.Root.GetSection(settings.SectionPath));
        ProviderMetadata? described;
        try
        {
            described = type.Type!.Describe(instance);
        }
#pragma warning disable CA1031 // Describe is foreign code: whatever it throws marks only this instance.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            var inner = ex.GetBaseException();
            return (Entry(ProviderStatus.Malfunctioned, $"describing {settings.Name} failed: {inner.GetType().Name}: {PluginAssemblyLoader.OneLine(inner.Message)}", null, null), null);
        }

        if (!settings.Enabled)
        {
            return (Entry(ProviderStatus.Disabled, null, described, null), null);
        }

        ProviderInstanceFactory.Outcome outcome;
        try
        {
            outcome = factory.Create(type, instance, settings.SectionPath);
        }
        catch (HostConfigurationException error) when (sectionErrorsMarkInstances)
        {
            return (Entry(ProviderStatus.Malfunctioned, error.Message, described, null), null);
        }

        return outcome.Provider is { } provider
            ? (Entry(ProviderStatus.Active, null, provider.Metadata, provider), outcome.Container)
            : (Entry(ProviderStatus.Malfunctioned, outcome.Error, described, null), null);

        ProviderEntry Entry(ProviderStatus status, string? error, ProviderMetadata? metadata, IAsyncGeneratorProvider? provider) =>
            new(settings.Name, metadata, status, error, type.Plugin, provider, settings.Priority, settings.ApiEndpoint ?? metadata?.ApiEndpoint)
            {
                TypeName = type.Name,
            };
    }

    private static void Log(ILogger logger, ProviderEntry entry, string origin)
    {
        switch (entry.Status)
        {
            case ProviderStatus.Active:
                PluginLog.ProviderLoaded(logger, entry.Name, entry.Plugin.Version, origin);
                break;
            case ProviderStatus.Disabled:
                PluginLog.ProviderDisabled(logger, entry.Name);
                break;
            case ProviderStatus.NotSupported:
                PluginLog.PluginNotSupported(logger, entry.Name, origin, entry.Error ?? "unsupported ABI");
                break;
            default:
                PluginLog.ProviderMalfunctioned(logger, entry.Name, origin, entry.Error ?? "unknown error");
                break;
        }
    }
}
