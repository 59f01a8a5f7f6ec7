using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Providers.Abstractions;
using Providers.Host.Configuration;
using Providers.Host.Hosting;
using Providers.Host.Plugins;
using Providers.Host.Tests.Cli;

namespace Providers.Host.Tests.Plugins;

/// <summary>
/// samples/HelloPlugin, published by this project's build as a third party would publish it, laid into a plugins
/// folder as its README says and run through the host; and the README's "Writing a plugin" code, which is the sample's.
/// </summary>
public sealed partial class HelloSampleTests : IDisposable
{
    private static readonly string _sampleSource = Path.Combine(TestPaths.RepoRoot, "samples", "HelloPlugin");

    private readonly TempPluginsFolder _folder = new TempPluginsFolder().Add(TestPaths.TestPlugin("HelloPlugin"), "Hello");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Publish_SampleFolder_HoldsOnlyThePluginItsDepsAndItsManifest()
    {
        var files = Directory.GetFiles(TestPaths.TestPlugin("HelloPlugin"))
            .Select(f => Path.GetFileName(f))
            .Where(f => Path.GetExtension(f) is not ".pdb" and not ".xml");

        // No copy of the contract or of Microsoft.Extensions: the host's are used.
        Assert.Equal(["HelloPlugin.deps.json", "HelloPlugin.dll", "HelloPlugin.runtimeconfig.json", "plugin.json"], files.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Chat_HelloOne_PrintsTheGreetingAndTheMessageExactly()
    {
        var result = await CliRunner.RunAsync("chat", "--config", _folder.ConfigPath, "-m", "hello-1", "world");

        Assert.Equal((0, "Hello, world!", ""), (result.ExitCode, result.StdOut, result.StdErr));
    }

    [Fact]
    public async Task Chat_GreetingConfigured_UsesIt()
    {
        _folder.WriteConfig("""{ "pluginsPath": "plugins", "providers": { "Hello": { "greeting": "Hi" } } }""");

        var result = await CliRunner.RunAsync("chat", "--config", _folder.ConfigPath, "-m", "Hello/hello-1", "there");

        Assert.Equal((0, "Hi, there!", ""), (result.ExitCode, result.StdOut, result.StdErr));
    }

    [Fact]
    public async Task Chat_EmptyGreeting_ConfigurationErrorNamingTheKey()
    {
        _folder.WriteConfig("""{ "pluginsPath": "plugins", "providers": { "Hello": { "greeting": "" } } }""");

        var result = await CliRunner.RunAsync("chat", "--config", _folder.ConfigPath, "-m", "hello-1", "there");

        Assert.Equal((2, ""), (result.ExitCode, result.StdOut));
        var line = Assert.Single(result.StdErrLines);
        Assert.StartsWith($"host: {_folder.ConfigPath}: providers:Hello:greeting: ", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Provider_LoadedFromItsFolder_StreamsThreeChunksThenStop()
    {
        using var host = ProviderHost.Build(new HostSettings(_folder.ConfigPath), TextWriter.Null);
        var entry = Assert.Single(host.GetRequiredService<IProviderCatalog>().Providers);
        var request = new ChatRequest { Model = "hello-1", Messages = [new ChatMessage(ChatRole.User, "first"), new ChatMessage(ChatRole.Assistant, "ok"), new ChatMessage(ChatRole.User, "world")] };

        var items = await entry.Provider!.CreateAsyncGenerator(request).ToListAsync();

        Assert.Equal(("Hello", ProviderStatus.Active, "hello-1"), (entry.Name, entry.Status, entry.Metadata!.DefaultModel));
        Assert.Equal([new TextDelta("Hello, "), new TextDelta("world"), new TextDelta("!"), new FinishItem(FinishReason.Stop)], items);
    }

    [Fact]
    public async Task Plugins_SampleFolder_ListedWithItsManifest()
    {
        var result = await CliRunner.RunAsync("plugins", "--config", _folder.ConfigPath);

        Assert.Equal((0, ""), (result.ExitCode, result.StdErr));
        Assert.Equal(
            [
                "FOLDER  STATUS  VERSION  ABI  INSTANCES",
                "Hello   Active  1.0.0    2    Hello",
                "",
                "Hello",
                "  status       Active",
                "  name         Hello",
                "  version      1.0.0",
                "  abi          2",
                "  description  A minimal sample plugin: replies \"Hello, <your message>!\".",
                "  entry        HelloPlugin.dll",
                $"  path         {Path.Combine(_folder.PluginsDirectory, "Hello")}",
                "  types        Hello",
                "  instances    Hello (Active)",
                "",
            ],
            result.StdOut.Split('\n'));
    }

    [Fact]
    public void Readme_WritingAPlugin_EveryCodeBlockIsOneOfTheSamplesFilesWhole()
    {
        var readme = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "README.md"));
        var start = readme.IndexOf("## Writing a plugin", StringComparison.Ordinal);
        var end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var blocks = CodeBlock().Matches(readme[start..end]).Select(m => m.Groups["code"].Value).ToArray();
        var files = Directory.GetFiles(_sampleSource).Where(f => Path.GetExtension(f) is ".cs" or ".csproj" or ".json")
            .ToDictionary(f => Path.GetFileName(f), f => File.ReadAllText(f));

        // Every file of the sample is shown, and nothing else is: the README cannot drift from code that builds and runs.
        Assert.Equal(files.Count, blocks.Length);
        foreach (var block in blocks)
        {
            Assert.Contains(files, f => f.Value == block);
        }
    }

    [GeneratedRegex(@"^```(?:csharp|xml|json)\n(?<code>.*?\n)```$", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex CodeBlock();
}
