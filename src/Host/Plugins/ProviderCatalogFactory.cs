using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Providers.Abstractions;
using Providers.Host.Configuration;

namespace Providers.Host.Plugins;

/// <summary>Builds the <see cref="IProviderCatalog"/> once the container exists: validates each plugin's options, then builds its providers.</summary>
internal static class ProviderCatalogFactory
{
    /// <exception cref="HostConfigurationException">A plugin rejected its configuration section.</exception>
    public static ProviderCatalog Create(IServiceProvider services, IReadOnlyList<PendingProvider> pending, HostConfiguration configuration, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(pending);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(logger);

        var entries = pending.Select(p => p.Status == ProviderStatus.Active ? Build(services, p, configuration.Sources) : p.ToEntry(p.Status, p.Error)).ToArray();
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

    private static ProviderEntry Build(IServiceProvider services, PendingProvider pending, ConfigurationSources sources)
    {
        foreach (var optionsType in pending.OptionsTypes)
        {
            if (ValidateOptions(services, optionsType, pending.Settings.SectionPath, sources) is { } error)
            {
                return pending.ToEntry(ProviderStatus.Malfunctioned, error);
            }
        }

        return Instantiate(services, pending);
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
            var inner = Unwrap(ex);
            return pending.ToEntry(ProviderStatus.Malfunctioned,
                $"could not create {pending.ProviderType!.Name}: {inner.GetType().Name}: {PluginAssemblyLoader.OneLine(inner.Message)}");
        }
    }

    /// <summary>Binds and validates the plugin's options as <c>ValidateOnStart</c> would, but per provider.</summary>
    /// <returns>Null when valid; a malfunction reason when the plugin's own code failed.</returns>
    /// <exception cref="HostConfigurationException">The user's section is wrong: a bad key or value (exit code 2).</exception>
    private static string? ValidateOptions(IServiceProvider services, Type optionsType, string sectionPath, ConfigurationSources sources)
    {
        var monitorType = typeof(IOptionsMonitor<>).MakeGenericType(optionsType);
        if (services.GetService(monitorType) is not { } monitor)
        {
            return null;
        }

        try
        {
            _ = monitorType.GetMethod(nameof(IOptionsMonitor<object>.Get))!.Invoke(monitor, [Options.DefaultName]);
            return null;
        }
        catch (TargetInvocationException ex) when (ex.InnerException is InvalidOperationException or OptionsValidationException)
        {
            // The binder and the validators report the user's mistakes with these two types.
            throw BindingErrors.Translate(ex.InnerException, sectionPath, sources);
        }
#pragma warning disable CA1031 // Anything else is the plugin's own configure code failing: a malfunction, not a crash.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            var inner = Unwrap(ex);
            return $"configuring {optionsType.Name} failed: {inner.GetType().Name}: {PluginAssemblyLoader.OneLine(inner.Message)}";
        }
    }

    private static Exception Unwrap(Exception exception) =>
        exception is TargetInvocationException { InnerException: { } inner } ? inner : exception;
}
