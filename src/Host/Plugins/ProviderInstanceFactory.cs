using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Providers.Abstractions;
using Providers.Host.Configuration;

namespace Providers.Host.Plugins;

/// <summary>Builds one provider instance in a container of its own.</summary>
/// <remarks>
/// The container holds the instance, the host's logging and clock and the options services; the
/// type adds the rest. Nothing a plugin registers reaches the host's container or another
/// instance's, and the host's singletons put in are never disposed by it.
/// </remarks>
internal sealed class ProviderInstanceFactory(ILoggerFactory loggerFactory, TimeProvider timeProvider, ConfigurationSources sources)
{
    /// <summary>The provider, the container that owns it (null when nothing was built) and why it failed.</summary>
    public readonly record struct Outcome(IAsyncGeneratorProvider? Provider, ServiceProvider? Container, string? Error);

    /// <exception cref="HostConfigurationException">The section is wrong: an unknown key, a bad value, or options that fail validation.</exception>
    public Outcome Create(ProviderTypeEntry type, ProviderInstance instance, string sectionPath)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(instance);
        var providerType = type.Type ?? throw new ArgumentException("The type failed at discovery.", nameof(type));
        if (instance.Configuration is Microsoft.Extensions.Configuration.IConfigurationSection section)
        {
            SectionShapeValidator.Check(section, type.OptionsType, sources, [ProviderSettings.TypeKey]);
        }

        var services = new ServiceCollection();
        services.AddSingleton(instance);
        services.AddSingleton(loggerFactory);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        services.AddSingleton(timeProvider);
        services.AddOptions();
        try
        {
            providerType.ConfigureServices(services, instance);
        }
#pragma warning disable CA1031 // ConfigureServices is foreign code: whatever it throws marks only this instance.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            var inner = ex.GetBaseException();
            return new Outcome(null, null, $"{inner.GetType().Name} while registering services: {PluginAssemblyLoader.OneLine(inner.Message)}");
        }

        var implementation = services.LastOrDefault(d => d.ServiceType == typeof(IAsyncGeneratorProvider))?.ImplementationType?.Name ?? providerType.GetType().Name;
        var container = services.BuildServiceProvider();
        try
        {
            // ValidateOnStart registrations run here, before the provider exists; others run when it reads its options.
            container.GetService<IStartupValidator>()?.Validate();
            return container.GetService<IAsyncGeneratorProvider>() is { } provider
                ? new Outcome(provider, container, null)
                : Fail(container, $"{providerType.GetType().Name}.ConfigureServices registered no {nameof(IAsyncGeneratorProvider)}");
        }
        catch (Exception ex) when (FirstValidationFailure(ex) is { } validation)
        {
            container.Dispose();
            throw OptionsErrors.Translate(validation, type.OptionsType, instance.Configuration, sectionPath, sources);
        }
#pragma warning disable CA1031 // A provider's constructor is foreign code: whatever it throws marks only this instance.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            var inner = ex is TargetInvocationException { InnerException: { } wrapped } ? wrapped : ex;
            return Fail(container, $"could not create {implementation}: {inner.GetType().Name}: {PluginAssemblyLoader.OneLine(inner.Message)}");
        }
    }

    private static Outcome Fail(ServiceProvider container, string error)
    {
        container.Dispose();
        return new Outcome(null, null, error);
    }

    /// <summary>The options pipeline's verdict, however it arrived: alone, wrapped by reflection, or aggregated by the startup validator.</summary>
    private static OptionsValidationException? FirstValidationFailure(Exception exception) => exception switch
    {
        OptionsValidationException validation => validation,
        TargetInvocationException { InnerException: { } inner } => FirstValidationFailure(inner),
        AggregateException aggregate => aggregate.InnerExceptions.Select(FirstValidationFailure).FirstOrDefault(e => e is not null),
        _ => null,
    };
}
