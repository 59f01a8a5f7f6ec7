using Microsoft.Extensions.DependencyInjection;

namespace Providers.Abstractions;

/// <summary>
/// A kind of provider that a plugin exports; the host creates one provider per configured instance
/// (one <c>providers:&lt;Name&gt;</c> section whose <c>type</c> names this type).
/// </summary>
/// <remarks>
/// <para>
/// The host finds every public, non-abstract class implementing this interface with a public
/// parameterless constructor in a plugin's main assembly. For each instance it builds a container of
/// the instance's own, so one instance never changes another's services or the host's. That
/// container already holds the <see cref="ProviderInstance"/>, the host's logging
/// (<c>ILoggerFactory</c>, <c>ILogger&lt;T&gt;</c>), its <see cref="TimeProvider"/> and
/// <c>AddOptions()</c>; <see cref="ConfigureServices"/> adds the rest and must register
/// <see cref="IAsyncGeneratorProvider"/>.
/// </para>
/// <para>
/// Options are bound and validated through the options pipeline: register
/// <see cref="OptionsType"/> bound to <see cref="ProviderInstance.Configuration"/> with its
/// validators (data annotations, <c>IValidateOptions</c>); the host validates them before the
/// provider is created and reports a failure as a configuration error naming the key. Bind without
/// <c>ErrorOnUnknownConfiguration</c>: the host has already checked every key of the section against
/// <see cref="OptionsType"/> (and the section holds the host's own <c>type</c> key, which the options lack).
/// </para>
/// <para>
/// A type is created once per host with its parameterless constructor and must be thread-safe; an
/// instance's container is disposed with the host, disposing what it created.
/// </para>
/// </remarks>
public interface IProviderType
{
    /// <summary>The name a section's <c>type</c> refers to; also the instance name of a section without <c>type</c>.</summary>
    string Name { get; }

    /// <summary>The options class an instance's section binds to; derives from <see cref="ProviderOptions"/>.</summary>
    /// <remarks>The host checks every key of the section against it, so a typo is an error naming the key.</remarks>
    Type OptionsType { get; }

    /// <summary>Whether an instance needs a section to work; when true, no instance exists unless one is configured.</summary>
    bool RequiresConfiguration { get; }

    /// <summary>What an instance is and can do before it is created, for listings; data only, no I/O.</summary>
    /// <param name="instance">The instance; its <see cref="ProviderInstance.Name"/> is the metadata's name.</param>
    ProviderMetadata Describe(ProviderInstance instance);

    /// <summary>Adds what one instance needs to its own container, the <see cref="IAsyncGeneratorProvider"/> included.</summary>
    /// <param name="services">The instance's own service collection.</param>
    /// <param name="instance">The instance's name and configuration section.</param>
    void ConfigureServices(IServiceCollection services, ProviderInstance instance);
}
