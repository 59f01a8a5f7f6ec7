using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Providers.Abstractions;
using Providers.Host.Configuration;

namespace Providers.Host.Plugins;

/// <summary>Builds the <see cref="IProviderCatalog"/> once the container exists: validates plugin options, then instantiates providers.</summary>
internal static class ProviderCatalogFactory
{
    /// <exception cref="HostConfigurationException">A plugin rejected its configuration section.</exception>
    public static ProviderCatalog Create(IServiceProvider services, IReadOnlyList<PendingProvider> pending, HostConfiguration configuration, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(pending);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(logger);

        // A bad plugin-specific key is the user's mistake (exit 2), not the plugin's malfunction.
        foreach (var provider in pending.Where(p => p.Status == ProviderStatus.Active))
        {
            foreach (var optionsType in provider.OptionsTypes)
            {
                ValidateOptions(services, optionsType, provider.Settings.SectionPath, configuration.Sources);
            }
        }

        var entries = pending.Select(p => p.Status == ProviderStatus.Active ? Instantiate(services, p) : p.ToEntry(p.Status, p.Error)).ToArray();
        foreach (var entry in entries)
        {
            switch (entry.Status)
            {
                case ProviderStatus.Active:
                    PluginLog.ProviderLoaded(logger, entry.Name, entry.Plugin.Version, entry.Plugin.Path);
                    break;
                case ProviderStatus.Disabled:
                    PluginLog.ProviderDisabled(logger, entry.Name);
                    break;
                default:
                    PluginLog.ProviderMalfunctioned(logger, entry.Name, entry.Plugin.Path, entry.Error ?? "unknown error");
                    break;
            }
        }

        foreach (var section in configuration.Providers.Values)
        {
            if (!entries.Any(e => string.Equals(e.Name, section.Name, StringComparison.OrdinalIgnoreCase)))
            {
                // Not an error: removing a plugin folder must not break a config that still mentions it.
                PluginLog.UnknownProviderSection(logger, section.SectionPath);
            }
        }

        return new ProviderCatalog(entries, configuration.Aliases);
    }

    private static ProviderEntry Instantiate(IServiceProvider services, PendingProvider pending)
    {
        try
        {
            var instance = services.GetRequiredService(pending.ProviderType!);
            // Guaranteed by discovery unless a load context leaked a second copy of the contract: check, do not assume.
            if (instance is not IAsyncGeneratorProvider provider)
            {
                return pending.ToEntry(ProviderStatus.Malfunctioned,
                    $"{pending.ProviderType!.Name} is not the host's {nameof(IAsyncGeneratorProvider)} (a second copy of the contract was loaded)");
            }

            return pending.ToEntry(ProviderStatus.Active, null, provider.Metadata, provider);
        }
#pragma warning disable CA1031 // A provider's constructor is foreign code: whatever it throws marks only that provider.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            var inner = ex is TargetInvocationException { InnerException: { } wrapped } ? wrapped : ex;
            return pending.ToEntry(ProviderStatus.Malfunctioned,
                $"could not create {pending.ProviderType!.Name}: {inner.GetType().Name}: {PluginAssemblyLoader.OneLine(inner.Message)}");
        }
    }

    private static void ValidateOptions(IServiceProvider services, Type optionsType, string sectionPath, ConfigurationSources sources)
    {
        // IOptionsMonitor<T>.Get binds the section and runs the plugin's validators, as ValidateOnStart would.
        var monitorType = typeof(IOptionsMonitor<>).MakeGenericType(optionsType);
        var monitor = services.GetRequiredService(monitorType);
        try
        {
            _ = monitorType.GetMethod(nameof(IOptionsMonitor<object>.Get))!.Invoke(monitor, [Options.DefaultName]);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is InvalidOperationException or OptionsValidationException)
        {
            throw BindingErrors.Translate(ex.InnerException, sectionPath, sources);
        }
    }
}
