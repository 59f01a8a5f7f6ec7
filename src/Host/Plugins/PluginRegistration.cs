using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Providers.Abstractions;
using Providers.Host.Configuration;

namespace Providers.Host.Plugins;

/// <summary>Loads every plugin folder and adds the enabled providers and their services to the container.</summary>
/// <remarks>
/// A plugin that fails here is recorded, not thrown: its registrations are rolled back and the
/// others carry on. Disabled providers are neither registered nor built, and their registrar is not called.
/// </remarks>
internal static class PluginRegistration
{
    private static readonly Type[] _optionsServiceTypes =
        [typeof(IConfigureOptions<>), typeof(IPostConfigureOptions<>), typeof(IValidateOptions<>), typeof(IOptionsChangeTokenSource<>)];

    public static IReadOnlyList<PendingProvider> Register(IServiceCollection services, HostConfiguration configuration, PluginAssemblyLoader loader)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(loader);
        var pending = new List<PendingProvider>();
        var claimedNames = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var candidate in PluginDirectoryScanner.Scan(configuration.PluginsDirectory))
        {
            var plugin = loader.Load(candidate);
            if (plugin.Error is { } error)
            {
                pending.Add(PendingProvider.Final(candidate.FolderName, null, plugin.Info,
                    configuration.ProviderSettingsFor(candidate.FolderName), ProviderStatus.Malfunctioned, error));
                continue;
            }

            var enabled = new List<ProviderType>();
            foreach (var type in plugin.ProviderTypes)
            {
                var settings = configuration.ProviderSettingsFor(type.Name);
                if (claimedNames.TryGetValue(type.Name, out var owner))
                {
                    pending.Add(PendingProvider.Final(type.Name, type.Metadata, plugin.Info, settings, ProviderStatus.Malfunctioned,
                        $"duplicate provider name {type.Name}: already provided by {owner}"));
                }
                else if (type.Error is { } typeError)
                {
                    pending.Add(PendingProvider.Final(type.Name, type.Metadata, plugin.Info, settings, ProviderStatus.Malfunctioned, typeError));
                }
                else if (!settings.Enabled)
                {
                    pending.Add(PendingProvider.Final(type.Name, type.Metadata, plugin.Info, settings, ProviderStatus.Disabled, null));
                }
                else
                {
                    enabled.Add(type);
                }

                claimedNames.TryAdd(type.Name, plugin.Info.Path);
            }

            pending.AddRange(RegisterEnabled(services, configuration, plugin, enabled));
        }

        return pending;
    }

    private static IEnumerable<PendingProvider> RegisterEnabled(IServiceCollection services, HostConfiguration configuration, LoadedPlugin plugin, List<ProviderType> enabled)
    {
        if (enabled.Count == 0)
        {
            return [];
        }

        var start = services.Count;
        var optionsTypes = new Dictionary<ProviderType, Type[]>();
        try
        {
            foreach (var type in enabled)
            {
                // The registrar's contract is "called with the provider's own section": once per enabled provider.
                var before = services.Count;
                foreach (var registrarType in plugin.RegistrarTypes)
                {
                    var registrar = (IProviderServiceRegistrar)Activator.CreateInstance(registrarType)!;
                    registrar.ConfigureServices(services, configuration.Root.GetSection(configuration.ProviderSettingsFor(type.Name).SectionPath));
                }

                optionsTypes[type] = [.. services.Skip(before).Select(OptionsTypeOf).OfType<Type>().Where(t => t.Assembly == plugin.Assembly).Distinct()];
            }

            var enabledTypes = enabled.Select(t => t.Type).ToHashSet();
            services.Scan(scan => scan.FromAssemblies(plugin.Assembly!)
                .AddClasses(classes => classes.AssignableTo<IAsyncGeneratorProvider>().Where(enabledTypes.Contains), publicOnly: false)
                .AsSelf()
                .WithSingletonLifetime());
        }
#pragma warning disable CA1031 // A plugin's registrar is foreign code: whatever it throws must not stop the host.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            while (services.Count > start)
            {
                services.RemoveAt(services.Count - 1);
            }

            var reason = $"{ex.GetType().Name} while registering services: {PluginAssemblyLoader.OneLine(ex.GetBaseException().Message)}";
            return enabled.Select(t => PendingProvider.Final(t.Name, t.Metadata, plugin.Info, configuration.ProviderSettingsFor(t.Name), ProviderStatus.Malfunctioned, reason));
        }

        return enabled.Select(t => new PendingProvider(t.Name, t.Metadata, plugin.Info, configuration.ProviderSettingsFor(t.Name),
            ProviderStatus.Active, null, t.Type, optionsTypes[t]));
    }

    private static Type? OptionsTypeOf(ServiceDescriptor descriptor) =>
        descriptor.ServiceType is { IsGenericType: true } serviceType && _optionsServiceTypes.Contains(serviceType.GetGenericTypeDefinition())
            ? serviceType.GenericTypeArguments[0]
            : null;
}
