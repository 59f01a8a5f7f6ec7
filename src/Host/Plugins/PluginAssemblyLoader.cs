using System.Reflection;
using System.Runtime.Loader;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Providers.Abstractions;

namespace Providers.Host.Plugins;

/// <summary>Loads a plugin's main assembly into its own load context and creates the provider types it exports.</summary>
/// <remarks>
/// Only the contract assemblies are shared with the host (named by <see cref="ContractTypes"/>): they
/// unify even when a plugin ships its own copy, so a plugin's type is the host's
/// <see cref="IProviderType"/>. Everything else a plugin ships stays private to it, so two
/// plugins may carry different versions of the same library (which <c>PreferSharedTypes</c> would forbid).
/// <para>
/// With <c>unloadable</c> (<c>host serve</c>, which takes plugins in and out while it runs) each
/// context is collectible and reads every assembly into memory instead of mapping its file, so the
/// folder's files can be deleted or overwritten in place while loaded. Loading from memory rather
/// than shadow copying: no copies to create per load and clean up after (nor leak when the process
/// dies), and the bytes are what the folder held at that moment. A mapped file overwritten in place
/// would change code under the running process. The other commands never unload, so they keep the
/// default mapped, non-collectible load; the two load the repository's plugins in about the same time.
/// </para>
/// </remarks>
internal sealed class PluginAssemblyLoader(IReadOnlyList<Type> sharedTypes, bool unloadable = false)
{
    /// <summary>One type from each assembly a plugin and the host must agree on.</summary>
    public static IReadOnlyList<Type> ContractTypes { get; } =
    [
        typeof(IAsyncGeneratorProvider),
        typeof(IServiceCollection),
        typeof(IConfiguration),
        typeof(ConfigurationBinder),
        typeof(ILogger),
        typeof(IOptions<>),
        typeof(OptionsBuilderConfigurationExtensions),
        typeof(OptionsBuilderDataAnnotationsExtensions),
        typeof(IHttpClientFactory),
    ];

    public PluginAssemblyLoader(bool unloadable = false)
        : this(ContractTypes, unloadable)
    {
    }

    public LoadedPlugin Load(PluginCandidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        if (candidate.AssemblyPath is not { } path)
        {
            // Nothing is loaded: a manifest's version is all there is to show.
            return LoadedPlugin.Failed(candidate, new PluginInfo(candidate.FolderPath, candidate.Manifest?.Version ?? ""), candidate.Error ?? "no main assembly");
        }

        var info = new PluginInfo(path, "");
        AssemblyLoadContext? context = null;
        try
        {
            context = PluginLoadContext.Create(path, sharedTypes, unloadable);
            var assembly = unloadable ? LoadFromMemory(context, path) : context.LoadFromAssemblyPath(path);
            info = info with { Version = VersionOf(assembly) };
            if (CheckAbi(assembly) is { } abiError)
            {
                return Failed(abiError);
            }

            var types = assembly.GetTypes()
                .Where(t => t is { IsClass: true, IsAbstract: false } && Implements(t, typeof(IProviderType)))
                .Select(t => Describe(t, info))
                .ToArray();
            return types.Length == 0
                ? Failed($"no class in {Path.GetFileName(path)} implements {nameof(IProviderType)}")
                : new LoadedPlugin(candidate, info, assembly, types, null) { LoadContext = unloadable ? context : null };
        }
        catch (ReflectionTypeLoadException ex)
        {
            var first = ex.LoaderExceptions.FirstOrDefault(e => e is not null);
            return Failed(OneLine(first?.Message ?? ex.Message));
        }
        catch (Exception ex) when (ex is BadImageFormatException or FileLoadException or FileNotFoundException or TypeLoadException
            or InvalidOperationException or ArgumentException or IOException)
        {
            // McMaster reports an unreadable deps.json as InvalidOperationException/ArgumentException.
            return Failed(OneLine(ex.Message));
        }

        // A plugin that failed is never used: a collectible context is released at once.
        LoadedPlugin Failed(string error)
        {
            if (unloadable)
            {
                context?.Unload();
            }

            return LoadedPlugin.Failed(candidate, info, error);
        }
    }

    // The context reads dependencies into memory itself (PreloadAssembliesIntoMemory); the main
    // assembly is read here, since loading it by path would map the file.
    private static Assembly LoadFromMemory(AssemblyLoadContext context, string path)
    {
        using var image = new MemoryStream(File.ReadAllBytes(path));
        var symbolsPath = Path.ChangeExtension(path, ".pdb");
        using var symbols = File.Exists(symbolsPath) ? new MemoryStream(File.ReadAllBytes(symbolsPath)) : null;
        return context.LoadFromStream(image, symbols);
    }

    public static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();

    /// <summary>Whether <paramref name="type"/> implements <paramref name="contract"/> by name, whichever copy of the contract.</summary>
    private static bool Implements(Type type, Type contract) =>
        type.GetInterfaces().Any(i => string.Equals(i.FullName, contract.FullName, StringComparison.Ordinal));

    private static ProviderTypeEntry Describe(Type type, PluginInfo plugin)
    {
        var fallbackName = type.Name.EndsWith("ProviderType", StringComparison.Ordinal) && type.Name.Length > "ProviderType".Length
            ? type.Name[..^"ProviderType".Length]
            : type.Name;
        if (!typeof(IProviderType).IsAssignableFrom(type))
        {
            return new ProviderTypeEntry(fallbackName, null, plugin, SecondCopyError(type.GetInterfaces()
                .First(i => string.Equals(i.FullName, typeof(IProviderType).FullName, StringComparison.Ordinal)).Assembly));
        }

        if (!type.IsPublic || type.GetConstructor(Type.EmptyTypes) is null)
        {
            return new ProviderTypeEntry(fallbackName, null, plugin, $"{type.Name} needs to be public with a public parameterless constructor");
        }

        try
        {
            var providerType = (IProviderType)Activator.CreateInstance(type)!;
            return new ProviderTypeEntry(providerType.Name, providerType, plugin, null)
            {
                RequiresConfiguration = providerType.RequiresConfiguration,
                OptionsType = providerType.OptionsType,
            };
        }
#pragma warning disable CA1031 // A plugin's type is foreign code: whatever it throws marks only that type.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            var inner = ex is TargetInvocationException { InnerException: { } wrapped } ? wrapped : ex;
            return new ProviderTypeEntry(fallbackName, null, plugin, $"could not create {type.Name}: {inner.GetType().Name}: {OneLine(inner.Message)}");
        }
    }

    private static string? CheckAbi(Assembly assembly)
    {
        var attribute = assembly.GetCustomAttributesData().FirstOrDefault(a =>
            string.Equals(a.AttributeType.FullName, typeof(ProviderPluginAttribute).FullName, StringComparison.Ordinal));
        if (attribute is null)
        {
            return $"not a provider plugin: {assembly.GetName().Name} has no [assembly: ProviderPlugin(ProviderAbi.Version)]";
        }

        if (attribute.AttributeType != typeof(ProviderPluginAttribute))
        {
            return SecondCopyError(attribute.AttributeType.Assembly);
        }

        var version = attribute.ConstructorArguments is [{ Value: int abi }] ? abi : -1;
        return version == ProviderAbi.Version
            ? null
            : $"incompatible ABI: built against contract version {version}, this host implements version {ProviderAbi.Version}";
    }

    private static string SecondCopyError(Assembly copy) =>
        $"uses its own copy of {copy.GetName().Name}{(copy.Location is { Length: > 0 } location ? $" ({location})" : "")} instead of the host's; "
        + "reference it with Private=false and ExcludeAssets=runtime";

    private static string VersionOf(Assembly assembly)
    {
        // Informational versions carry "+<commit>" build metadata; the listing shows the release version.
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        return informational?.Split('+')[0] ?? assembly.GetName().Version?.ToString() ?? "";
    }
}
