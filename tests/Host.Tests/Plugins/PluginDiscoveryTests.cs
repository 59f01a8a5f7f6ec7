using System.Runtime.Loader;
using Microsoft.Extensions.DependencyInjection;
using Providers.Abstractions;
using Providers.Host.Configuration;
using Providers.Host.Hosting;
using Providers.Host.Plugins;

namespace Providers.Host.Tests.Plugins;

/// <summary>Discovery end to end: built plugin folders copied to a temp plugins folder and loaded by the real composition root.</summary>
public sealed class PluginDiscoveryTests : IDisposable
{
    private readonly TempPluginsFolder _folder = new();
    private readonly StringWriter _log = new();

    public void Dispose()
    {
        _folder.Dispose();
        _log.Dispose();
    }

    [Fact]
    public void Build_EmptyPluginsFolder_CatalogIsEmpty()
    {
        using var host = Build();

        Assert.Empty(Catalog(host).Providers);
        Assert.Equal("", _log.ToString());
    }

    [Fact]
    public void Build_AllenAIPluginFolder_AllenAIActiveWithItsMetadata()
    {
        _folder.AddAllenAI();

        using var host = Build();

        var entry = Assert.Single(Catalog(host).Providers);
        Assert.Equal(("AllenAI", ProviderStatus.Active, null), (entry.Name, entry.Status, entry.Error));
        Assert.Equal("Ai2 Playground", entry.Metadata!.Label);
        Assert.Equal("tulu3-405b", entry.Metadata.DefaultModel);
        Assert.Equal(Path.Combine(_folder.PluginsDirectory, "AllenAI", "Providers.AllenAI.dll"), entry.Plugin.Path);
        Assert.Equal("0.1.0", entry.Plugin.Version);
        Assert.Equal(new Uri("https://olmo-api.allen.ai/v4/message/stream"), entry.ApiEndpoint);
        Assert.NotNull(entry.Provider);
    }

    [Fact]
    public async Task Build_EchoPlugin_ProviderIsTheHostsContractAndStreamsWithItsConfiguredOptions()
    {
        _folder.AddTestPlugin("EchoPlugin");
        _folder.WriteConfig("""{ "pluginsPath": "plugins", "providers": { "Echo": { "prefix": "you said: " } } }""");

        using var host = Build();

        var entry = Assert.Single(Catalog(host).Providers);
        Assert.Equal(ProviderStatus.Active, entry.Status);
        var provider = entry.Provider!;
        // Type identity: the plugin lives in its own load context but implements the host's interface.
        Assert.NotSame(AssemblyLoadContext.Default, AssemblyLoadContext.GetLoadContext(provider.GetType().Assembly));
        Assert.Contains(typeof(IAsyncGeneratorProvider), provider.GetType().GetInterfaces());
        var request = new ChatRequest { Messages = [new ChatMessage(ChatRole.User, "hello")] };
        var items = await provider.CreateAsyncGenerator(request).ToListAsync();
        Assert.Equal([new TextDelta("you said: hello"), new FinishItem(FinishReason.Stop)], items);
    }

    [Fact]
    public void Build_PluginShippingItsOwnAbstractions_UsesTheHostsCopy()
    {
        _folder.AddTestPlugin("BundledAbstractionsPlugin");
        Assert.True(File.Exists(Path.Combine(_folder.PluginsDirectory, "BundledAbstractionsPlugin", "Providers.Abstractions.dll")));

        using var host = Build();

        var entry = Assert.Single(Catalog(host).Providers);
        Assert.Equal(ProviderStatus.Active, entry.Status);
        var contract = entry.Provider!.GetType().GetInterfaces().Single(i => i.Name == nameof(IAsyncGeneratorProvider));
        Assert.Same(typeof(IAsyncGeneratorProvider).Assembly, contract.Assembly);
    }

    [Fact]
    public void Load_PluginShippingItsOwnAbstractionsWithoutSharedTypes_ReportsTheSecondCopy()
    {
        _folder.AddTestPlugin("BundledAbstractionsPlugin");
        var candidate = Assert.Single(PluginDirectoryScanner.Scan(_folder.PluginsDirectory));

        // With nothing shared, the plugin's own copy of the contract is loaded: discovery must say so, not crash.
        var plugin = new PluginAssemblyLoader(sharedTypes: []).Load(candidate);

        var copy = Path.Combine(_folder.PluginsDirectory, "BundledAbstractionsPlugin", "Providers.Abstractions.dll");
        Assert.Equal(
            $"uses its own copy of Providers.Abstractions ({copy}) instead of the host's; reference it with Private=false and ExcludeAssets=runtime",
            plugin.Error);
    }

    [Fact]
    public void Build_GarbageDllBesideAllenAI_GarbageMalfunctionedAllenAIStillActive()
    {
        _folder.AddAllenAI().AddGarbage("Broken");

        using var host = Build();

        var providers = Catalog(host).Providers;
        Assert.Equal(["AllenAI", "Broken"], providers.Select(p => p.Name));
        Assert.Equal(ProviderStatus.Active, providers[0].Status);
        var broken = providers[1];
        Assert.Equal(ProviderStatus.Malfunctioned, broken.Status);
        var garbage = Path.Combine(_folder.PluginsDirectory, "Broken", "Garbage.dll");
        Assert.Equal($"Bad IL format. The format of the file '{garbage}' is invalid.", broken.Error);
        Assert.Equal(new PluginInfo(garbage, ""), broken.Plugin);
        Assert.Null(broken.Metadata);
        Assert.Null(broken.Provider);
    }

    [Fact]
    public void Build_ThrowingConstructor_MalfunctionedWithReasonAndStaticMetadata()
    {
        _folder.AddTestPlugin("ThrowingPlugin").AddTestPlugin("EchoPlugin");

        using var host = Build();

        var throwing = Catalog(host).Providers.Single(p => p.Name == "Throwing");
        Assert.Equal(ProviderStatus.Malfunctioned, throwing.Status);
        Assert.Equal("could not create ThrowingProvider: InvalidOperationException: The throwing test provider always fails to start.", throwing.Error);
        Assert.Equal("Throwing (test)", throwing.Metadata!.Label);
        Assert.Null(throwing.Provider);
        Assert.Equal(ProviderStatus.Active, Catalog(host).Providers.Single(p => p.Name == "Echo").Status);
    }

    [Fact]
    public void Build_ConfigureServicesThrows_MalfunctionedAndItsRegistrationsGoNowhere()
    {
        _folder.AddTestPlugin("ThrowingRegistrarPlugin").AddTestPlugin("EchoPlugin");

        using var host = Build();

        var entry = Catalog(host).Providers.Single(p => p.Name == "ThrowingRegistrar");
        Assert.Equal(ProviderStatus.Malfunctioned, entry.Status);
        Assert.Equal("InvalidOperationException while registering services: The registrar test plugin always fails.", entry.Error);
        // ConfigureServices added a Uri singleton before throwing; it went to the instance's own container, never the host's.
        Assert.Null(host.GetService<Uri>());
        Assert.Equal(ProviderStatus.Active, Catalog(host).Providers.Single(p => p.Name == "Echo").Status);
    }

    [Fact]
    public void Build_WrongAbi_MalfunctionedNamingBothVersions()
    {
        _folder.AddTestPlugin("WrongAbiPlugin");

        using var host = Build();

        var entry = Assert.Single(Catalog(host).Providers);
        Assert.Equal(("WrongAbiPlugin", ProviderStatus.Malfunctioned), (entry.Name, entry.Status));
        Assert.Equal($"incompatible ABI: built against contract version {ProviderAbi.Version + 1}, this host implements version {ProviderAbi.Version}", entry.Error);
    }

    [Fact]
    public void Build_MissingDependency_MalfunctionedNamingTheAssembly()
    {
        _folder.AddTestPlugin("MissingDependencyPlugin");

        using var host = Build();

        var entry = Assert.Single(Catalog(host).Providers);
        Assert.Equal(ProviderStatus.Malfunctioned, entry.Status);
        Assert.StartsWith(
            "could not create MissingDependencyProvider: FileNotFoundException: Could not load file or assembly 'Providers.TestPlugins.MissingDependencyLib,",
            entry.Error);
    }

    [Fact]
    public void Build_AssemblyWithoutPluginAttribute_MalfunctionedAsNotAPlugin()
    {
        var notAPlugin = Directory.CreateDirectory(Path.Combine(_folder.PluginsDirectory, "NotAPlugin")).FullName;
        File.Copy(typeof(Assert).Assembly.Location, Path.Combine(notAPlugin, "NotAPlugin.dll"));

        using var host = Build();

        var entry = Assert.Single(Catalog(host).Providers);
        Assert.Equal(ProviderStatus.Malfunctioned, entry.Status);
        Assert.Equal("not a provider plugin: xunit.assert has no [assembly: ProviderPlugin(ProviderAbi.Version)]", entry.Error);
    }

    [Fact]
    public void Build_ProviderDisabledInConfig_DisabledAndNeverBuilt()
    {
        _folder.AddTestPlugin("EchoPlugin").AddTestPlugin("ThrowingPlugin");
        // Disabling the throwing provider proves it is never constructed: construction would malfunction it.
        _folder.WriteConfig("""{ "pluginsPath": "plugins", "providers": { "Echo": { "enabled": false }, "Throwing": { "enabled": false } } }""");

        using var host = Build();

        Assert.All(Catalog(host).Providers, entry =>
        {
            Assert.Equal(ProviderStatus.Disabled, entry.Status);
            Assert.Null(entry.Provider);
            Assert.Null(entry.Error);
            Assert.NotNull(entry.Metadata);
        });
        Assert.Equal(["Echo", "Throwing"], Catalog(host).Providers.Select(p => p.Name));
        Assert.Equal("", _log.ToString());
    }

    [Fact]
    public void Build_ConfiguredPriorityAndEndpoint_AppearOnTheEntry()
    {
        _folder.AddTestPlugin("EchoPlugin");
        _folder.WriteConfig("""{ "pluginsPath": "plugins", "providers": { "Echo": { "priority": 7, "apiEndpoint": "http://127.0.0.1:5000/v1" } } }""");

        using var host = Build();

        var entry = Assert.Single(Catalog(host).Providers);
        Assert.Equal((7, new Uri("http://127.0.0.1:5000/v1")), (entry.Priority, entry.ApiEndpoint));
    }

    [Fact]
    public void Build_SameProviderInTwoFolders_SecondMalfunctionedAsDuplicate()
    {
        _folder.Add(TestPaths.TestPlugin("EchoPlugin"), "A").Add(TestPaths.TestPlugin("EchoPlugin"), "B");

        using var host = Build();

        var providers = Catalog(host).Providers;
        Assert.Equal([ProviderStatus.Active, ProviderStatus.Malfunctioned], providers.Select(p => p.Status));
        Assert.Equal(["Echo", "Echo@B"], providers.Select(p => p.Name));
        Assert.Equal($"duplicate provider name Echo: already provided by {Path.Combine(_folder.PluginsDirectory, "A", "Providers.TestPlugins.Echo.dll")}", providers[1].Error);
    }

    [Fact]
    public void Build_MalfunctionedPlugins_EachLoggedOnceOnTheErrorWriter()
    {
        _folder.AddGarbage("Broken").AddTestPlugin("ThrowingPlugin").AddTestPlugin("EchoPlugin");

        using var host = Build();
        _ = Catalog(host);
        _ = Catalog(host);

        var lines = _log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("host: error: Provider Broken from ", lines[0]);
        Assert.StartsWith("host: error: Provider Throwing from ", lines[1]);
    }

    [Fact]
    public void Build_UnknownKeyInPluginSection_ThrowsConfigErrorNamingFileAndKey()
    {
        _folder.AddTestPlugin("EchoPlugin");
        _folder.WriteConfig("""{ "pluginsPath": "plugins", "providers": { "Echo": { "colour": "blue" } } }""");

        var error = Assert.Throws<HostConfigurationException>(() => Build());

        Assert.Equal($"{_folder.ConfigPath}: providers:Echo:colour: unknown key", error.Message);
    }

    [Fact]
    public void Build_PluginValidationFailure_ThrowsConfigErrorNamingFileAndKey()
    {
        _folder.AddTestPlugin("EchoPlugin");
        _folder.WriteConfig("""{ "pluginsPath": "plugins", "providers": { "Echo": { "prefix": "" } } }""");

        var error = Assert.Throws<HostConfigurationException>(() => Build());

        Assert.Equal($"{_folder.ConfigPath}: providers:Echo:prefix: The Prefix field is required.", error.Message);
    }

    [Fact]
    public void Build_BadPluginKeyOfDisabledProvider_Ignored()
    {
        _folder.AddTestPlugin("EchoPlugin");
        _folder.WriteConfig("""{ "pluginsPath": "plugins", "providers": { "Echo": { "enabled": false, "colour": "blue" } } }""");

        using var host = Build();

        Assert.Equal(ProviderStatus.Disabled, Assert.Single(Catalog(host).Providers).Status);
    }

    private ServiceProvider Build() => ProviderHost.Build(new HostSettings(_folder.ConfigPath), _log);

    private static IProviderCatalog Catalog(ServiceProvider host) => host.GetRequiredService<IProviderCatalog>();
}
