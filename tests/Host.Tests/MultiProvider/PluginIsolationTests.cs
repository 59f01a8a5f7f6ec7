using System.Runtime.Loader;
using Microsoft.Extensions.DependencyInjection;
using Providers.Abstractions;
using Providers.Host.Configuration;
using Providers.Host.Hosting;
using Providers.Host.Plugins;

namespace Providers.Host.Tests.MultiProvider;

/// <summary>The OpenAICompatible plugin's OpenAI SDK stays in the plugin's load context, next to AllenAI.</summary>
public sealed class PluginIsolationTests : IDisposable
{
    private readonly TempPluginsFolder _folder = new TempPluginsFolder().AddAllenAI().Add(ThreeInstancesTests.OpenAIPluginDirectory);

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task TwoInstancesUsed_NoAssemblyFromAPluginFolderInTheDefaultContextAndOneSdkCopyForBothInstances()
    {
        await using var one = FakeOpenAIServer.Replying(FakeOpenAIServer.Text("one"), "m1");
        await using var two = FakeOpenAIServer.Replying(FakeOpenAIServer.Text("two"), "m2");
        _folder.WriteConfig($$"""
            { "pluginsPath": "plugins", "providers": {
                "One": { "type": "OpenAICompatible", "baseUrl": "{{one.BaseUrl}}", "discoverModels": true },
                "Two": { "type": "OpenAICompatible", "baseUrl": "{{two.BaseUrl}}", "discoverModels": true } } }
            """);
        using var host = ProviderHost.Build(new HostSettings(_folder.ConfigPath), TextWriter.Null);
        var catalog = host.GetRequiredService<IProviderCatalog>();

        var replies = new List<string>();
        foreach (var name in new[] { "One", "Two" })
        {
            var entry = catalog.Providers.Single(e => e.Name == name);
            var items = await entry.Provider!.CreateAsyncGenerator(new ChatRequest { Messages = [new ChatMessage(ChatRole.User, "hi")] }).ToListAsync();
            replies.Add(string.Concat(items.OfType<TextDelta>().Select(t => t.Text)));
        }

        Assert.Equal(["one", "two"], replies);
        var pluginsRoot = _folder.PluginsDirectory + Path.DirectorySeparatorChar;
        Assert.DoesNotContain(AssemblyLoadContext.Default.Assemblies, a => !a.IsDynamic && a.Location.StartsWith(pluginsRoot, StringComparison.Ordinal));
        var sdkCopies = AssemblyLoadContext.All
            .SelectMany(c => c.Assemblies.Select(a => (Context: c, Assembly: a)))
            .Where(x => x.Assembly.GetName().Name == "OpenAI" && !x.Assembly.IsDynamic && x.Assembly.Location.StartsWith(pluginsRoot, StringComparison.Ordinal))
            .ToList();
        var sdk = Assert.Single(sdkCopies);
        Assert.NotSame(AssemblyLoadContext.Default, sdk.Context);
        Assert.Equal(Path.Combine(_folder.PluginsDirectory, "OpenAICompatible", "OpenAI.dll"), sdk.Assembly.Location);
        var providerContext = AssemblyLoadContext.GetLoadContext(catalog.Providers.Single(e => e.Name == "One").Provider!.GetType().Assembly);
        Assert.Same(providerContext, sdk.Context);
        // The test process has its own OpenAI (a different copy) in the default context; the plugin never used it.
        Assert.NotEqual(typeof(OpenAI.OpenAIClient).Assembly, sdk.Assembly);
    }
}
