using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Providers.Abstractions;
using Providers.Host.Cli;
using Providers.Host.Configuration;
using Providers.Host.Hosting;
using Providers.Host.Plugins;
using Providers.Host.Tests.Cli;

namespace Providers.Host.Tests.Plugins;

/// <summary>Provider instances: <c>providers:&lt;Name&gt;</c> sections naming a provider type, each built in a container of its own.</summary>
public sealed class ProviderInstanceTests : IDisposable
{
    private const string TwoEchoes = """
        {
          "pluginsPath": "plugins",
          "providers": {
            "Loud": { "type": "Echo", "prefix": "LOUD: ", "priority": 5, "apiEndpoint": "http://127.0.0.1:7001/loud" },
            "quiet": { "type": "echo", "prefix": "psst: " }
          }
        }
        """;

    private readonly TempPluginsFolder _folder = new();
    private readonly StringWriter _log = new();

    public void Dispose()
    {
        _folder.Dispose();
        _log.Dispose();
    }

    [Fact]
    public async Task Build_TwoSectionsOfOneType_TwoInstancesWithTheirOwnNamesAndOptionsAndNoImplicitOne()
    {
        _folder.AddTestPlugin("EchoPlugin");
        _folder.WriteConfig(TwoEchoes);

        using var host = Build();

        var providers = Catalog(host).Providers;
        Assert.Equal(["Loud", "quiet"], providers.Select(p => p.Name));
        Assert.Equal(["Loud", "quiet"], providers.Select(p => p.Metadata!.Name));
        Assert.All(providers, p => Assert.Equal((ProviderStatus.Active, "Echo"), (p.Status, p.TypeName)));
        Assert.Equal([5, 0], providers.Select(p => p.Priority));
        Assert.Equal([new Uri("http://127.0.0.1:7001/loud"), new Uri("http://127.0.0.1:9/echo")], providers.Select(p => p.ApiEndpoint));
        Assert.NotSame(providers[0].Provider, providers[1].Provider);
        var request = new ChatRequest { Messages = [new ChatMessage(ChatRole.User, "hello")] };
        Assert.Equal(new TextDelta("LOUD: hello"), (await providers[0].Provider!.CreateAsyncGenerator(request).ToListAsync())[0]);
        Assert.Equal(new TextDelta("psst: hello"), (await providers[1].Provider!.CreateAsyncGenerator(request).ToListAsync())[0]);
    }

    [Fact]
    public async Task ProvidersJson_TwoInstancesOfEcho_ListsEachWithItsNameAndEndpoint()
    {
        _folder.AddTestPlugin("EchoPlugin");
        _folder.WriteConfig(TwoEchoes);

        var result = await CliRunner.RunAsync("providers", "--json", "--config", _folder.ConfigPath);

        Assert.Equal((0, ""), (result.ExitCode, result.StdErr));
        using var document = JsonDocument.Parse(result.StdOut);
        var providers = document.RootElement.EnumerateArray().ToArray();
        Assert.Equal(["Loud", "quiet"], providers.Select(p => p.GetProperty("name").GetString()));
        Assert.Equal(["http://127.0.0.1:7001/loud", "http://127.0.0.1:9/echo"], providers.Select(p => p.GetProperty("api_endpoint").GetString()));
        Assert.Equal(["Active", "Active"], providers.Select(p => p.GetProperty("status").GetString()));
    }

    [Theory]
    [InlineData("Loud/echo-1", "LOUD: hello")]
    [InlineData("quiet/echo", "psst: hello")]
    [InlineData("QUIET/parrot", "psst: hello")]
    public async Task Chat_InstancePinned_ServedByThatInstance(string model, string expected)
    {
        _folder.AddTestPlugin("EchoPlugin");
        _folder.WriteConfig(TwoEchoes);

        var result = await CliRunner.RunAsync(
            [new ChatCommand(() => new StringReader(""), outputIsTerminal: false)],
            ["chat", "--config", _folder.ConfigPath, "-m", model, "hello"]);

        Assert.Equal((0, expected, ""), (result.ExitCode, result.StdOut.TrimEnd('\n'), result.StdErr));
    }

    [Fact]
    public void Build_ExplicitTypeNoPluginProvides_MalfunctionedNamingTheType()
    {
        _folder.AddTestPlugin("EchoPlugin");
        _folder.WriteConfig("""{ "pluginsPath": "plugins", "providers": { "Hosted": { "type": "OpenAICompatible", "priority": 3 } } }""");

        using var host = Build();

        var providers = Catalog(host).Providers;
        Assert.Equal(["Echo", "Hosted"], providers.Select(p => p.Name));
        var hosted = providers[1];
        Assert.Equal((ProviderStatus.Malfunctioned, "provider type 'OpenAICompatible' not found", 3), (hosted.Status, hosted.Error, hosted.Priority));
        Assert.Null(hosted.Provider);
        Assert.Equal("OpenAICompatible", hosted.TypeName);
        Assert.Equal($"host: error: Provider Hosted from {_folder.ConfigPath} malfunctioned: provider type 'OpenAICompatible' not found\n", _log.ToString());
    }

    [Fact]
    public void Build_SectionWithoutTypeForAMissingPlugin_NotListedOnlyWarned()
    {
        _folder.WriteConfig("""{ "pluginsPath": "plugins", "providers": { "Gone": { "priority": 1 } } }""");

        using var host = Build();

        Assert.Empty(Catalog(host).Providers);
        Assert.Equal("host: warn: Configuration section providers:Gone names no discovered provider\n", _log.ToString());
    }

    [Fact]
    public void Build_PluginRegistersItsOwnClock_HostKeepsItsOwnAndSeesNoneOfThePluginsServices()
    {
        // Echo registers an EchoClock in its instance's container, as AllenAI once did in the host's.
        _folder.AddTestPlugin("EchoPlugin").AddTestPlugin("ThrowingRegistrarPlugin");

        using var host = Build();

        Assert.Equal(ProviderStatus.Active, Catalog(host).Providers.Single(p => p.Name == "Echo").Status);
        Assert.Same(TimeProvider.System, host.Services.GetRequiredService<TimeProvider>());
        Assert.Single(host.Services.GetServices<TimeProvider>());
        Assert.Null(host.Services.GetService<IAsyncGeneratorProvider>());
        Assert.Null(host.Services.GetService<Uri>());
    }

    [Fact]
    public void Build_HostRegisteredClockFirst_InstancesAndHostShareIt()
    {
        _folder.AddTestPlugin("EchoPlugin");
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        builder.Services.AddSingleton<TimeProvider>(clock);

        builder.AddProviders(new HostSettings(_folder.ConfigPath), _log);
        using var host = builder.Build();

        Assert.Equal(ProviderStatus.Active, Assert.Single(Catalog(host).Providers).Status);
        Assert.Same(clock, host.Services.GetRequiredService<TimeProvider>());
    }

    [Fact]
    public void Dispose_Host_DisposesEveryInstanceContainerWithTheCatalog()
    {
        _folder.AddTestPlugin("EchoPlugin");
        _folder.WriteConfig(TwoEchoes);
        var host = Build();
        var catalog = Catalog(host);
        Assert.Equal([false, false], catalog.Providers.Select(p => (bool)p.Provider!.GetType().GetProperty("IsDisposed")!.GetValue(p.Provider)!));

        host.Dispose();

        // Echo's provider is IDisposable: only its own container can have disposed it.
        Assert.Equal([true, true], catalog.Providers.Select(p => (bool)p.Provider!.GetType().GetProperty("IsDisposed")!.GetValue(p.Provider)!));
    }

    [Theory]
    [InlineData("""{ "Echo": { "colour": "blue", "size": 2 } }""", "providers:Echo:colour: unknown key (also unknown: size)")]
    [InlineData("""{ "Echo": { "prefix": { "text": "x" } } }""", "providers:Echo:prefix: expected text, got an object")]
    [InlineData("""{ "Twin": { "type": "Echo", "Prefix": "" } }""", "providers:Twin:Prefix: The Prefix field is required.")]
    [InlineData("""{ "Twin": { "type": "Echo", "prefx": "a" } }""", "providers:Twin:prefx: unknown key")]
    public void Build_BadPluginSection_OneLineNamingFileAndKey(string providers, string expected)
    {
        _folder.AddTestPlugin("EchoPlugin");
        _folder.WriteConfig($$"""{ "pluginsPath": "plugins", "providers": {{providers}} }""");

        var error = Assert.Throws<HostConfigurationException>(() => Build());

        Assert.Equal($"{_folder.ConfigPath}: {expected}", error.Message);
    }

    [Theory]
    [InlineData("""{ "maxLineBytes": "big" }""", "providers:AllenAI:maxLineBytes: expected an integer, got \"big\"")]
    [InlineData("""{ "modelHosts": { "tulu3-405b": { "name": "inferd" } } }""", "providers:AllenAI:modelHosts:tulu3-405b: expected text, got an object")]
    [InlineData("""{ "modelHosts": "inferd" }""", "providers:AllenAI:modelHosts: expected an object, got \"inferd\"")]
    [InlineData("""{ "protocol": "sideways" }""", "providers:AllenAI:protocol: The Protocol field does not equal any of the values specified in AllowedValuesAttribute.")]
    [InlineData("""{ "modelHosts": { "tulu3-405b": " " } }""", "providers:AllenAI:modelHosts: modelHosts:tulu3-405b must name a host (for example inferd or modal).")]
    public void Build_BadAllenAISection_OneLineNamingTheNestedKey(string section, string expected)
    {
        _folder.AddAllenAI();
        _folder.WriteConfig($$"""{ "pluginsPath": "plugins", "providers": { "AllenAI": {{section}} } }""");

        var error = Assert.Throws<HostConfigurationException>(() => Build());

        Assert.Equal($"{_folder.ConfigPath}: {expected}", error.Message);
    }

    [Fact]
    public void Build_AllenAIUnderAnotherName_InstanceNamedByItsSection()
    {
        _folder.AddAllenAI();
        _folder.WriteConfig("""{ "pluginsPath": "plugins", "providers": { "Ai2": { "type": "AllenAI", "priority": 2 } } }""");

        using var host = Build();

        var entry = Assert.Single(Catalog(host).Providers);
        Assert.Equal(("Ai2", "Ai2", "AllenAI", ProviderStatus.Active), (entry.Name, entry.Metadata!.Name, entry.TypeName, entry.Status));
        Assert.Equal("tulu3-405b", entry.Metadata.DefaultModel);
    }

    private IHost Build() => ProviderHost.Build(new HostSettings(_folder.ConfigPath), _log);

    private static IProviderCatalog Catalog(IHost host) => host.Services.GetRequiredService<IProviderCatalog>();
}
