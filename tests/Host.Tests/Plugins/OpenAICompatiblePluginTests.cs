using System.Runtime.Loader;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Providers.Abstractions;
using Providers.Host.Configuration;
using Providers.Host.Hosting;
using Providers.Host.Plugins;

namespace Providers.Host.Tests.Plugins;

/// <summary>The real OpenAICompatible plugin folder, laid out by the host's build, loaded by the real composition root.</summary>
public sealed class OpenAICompatiblePluginTests : IDisposable
{
    private readonly TempPluginsFolder _folder = new();
    private readonly StringWriter _log = new();

    public void Dispose()
    {
        _folder.Dispose();
        _log.Dispose();
    }

    private static string PluginDirectory => Path.Combine(TestPaths.HostOutputDirectory, "plugins", "OpenAICompatible");

    [Fact]
    public async Task Build_DiscoveringInstance_RunsTheOpenAISdkFromThePluginFolderInThePluginsOwnContext()
    {
        await using var server = new RawHttpServer(async exchange =>
        {
            var models = exchange.Request.Target == "/v1/models";
            await exchange.SendHeadAsync(200, models ? "application/json" : "text/event-stream", chunked: false);
            await exchange.SendAsync(Encoding.UTF8.GetBytes(models
                ? """{"object":"list","data":[{"id":"served-model","object":"model","created":1,"owned_by":"me"}]}"""
                : "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n"));
            await exchange.EndAsync();
        });
        _folder.Add(PluginDirectory);
        _folder.WriteConfig($$"""
            { "pluginsPath": "plugins", "providers": { "Local": { "type": "OpenAICompatible", "baseUrl": "http://127.0.0.1:{{server.Port}}/v1", "discoverModels": true } } }
            """);

        using var host = Build();

        var entry = Assert.Single(Catalog(host).Providers);
        Assert.Equal(("Local", ProviderStatus.Active, null), (entry.Name, entry.Status, entry.Error));
        Assert.Equal(["served-model"], entry.Metadata!.Models);
        Assert.True(entry.Metadata.Working);
        var pluginContext = AssemblyLoadContext.GetLoadContext(entry.Provider!.GetType().Assembly)!;
        Assert.NotSame(AssemblyLoadContext.Default, pluginContext);
        // Discovery went through the SDK: it is loaded, privately, from the plugin's folder (the
        // test process has its own OpenAI in the default context, which the plugin must not use).
        var sdk = Assert.Single(pluginContext.Assemblies, a => a.GetName().Name == "OpenAI");
        Assert.Equal(Path.Combine(_folder.PluginsDirectory, "OpenAICompatible", "OpenAI.dll"), sdk.Location);
        Assert.Same(typeof(IAsyncGeneratorProvider).Assembly, entry.Provider.GetType().GetInterfaces().Single(i => i.Name == nameof(IAsyncGeneratorProvider)).Assembly);
        // The folder also carries Microsoft.Extensions.* (the SDK's dependencies); those stay the host's.
        Assert.DoesNotContain(pluginContext.Assemblies, a => a.GetName().Name!.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(_folder.PluginsDirectory, "OpenAICompatible", "Microsoft.Extensions.Primitives.dll")));
        var items = await entry.Provider.CreateAsyncGenerator(new ChatRequest { Messages = [new ChatMessage(ChatRole.User, "hello")] }).ToListAsync();
        Assert.Equal([new TextDelta("hi"), new FinishItem(FinishReason.Stop)], items);
    }

    [Fact]
    public void Build_PluginFolderWithoutASection_ListsNothing()
    {
        _folder.Add(PluginDirectory);

        using var host = Build();

        Assert.Empty(Catalog(host).Providers);
    }

    [Fact]
    public async Task Build_FailedDiscovery_ActiveButNotWorkingWithTheReasonInTheListing()
    {
        Uri closed;
        await using (var gone = new RawHttpServer(_ => Task.CompletedTask))
        {
            closed = new Uri($"http://127.0.0.1:{gone.Port}/v1");
        }

        _folder.Add(PluginDirectory);
        _folder.WriteConfig($$"""
            { "pluginsPath": "plugins", "providers": { "Local": { "type": "OpenAICompatible", "baseUrl": "{{closed}}", "models": ["m1"], "discoverModels": true, "timeoutSeconds": 5 } } }
            """);

        using var host = Build();

        var entry = Assert.Single(Catalog(host).Providers);
        Assert.Equal(ProviderStatus.Active, entry.Status);
        Assert.False(entry.Metadata!.Working);
        Assert.Equal(["m1"], entry.Metadata.Models);
        Assert.StartsWith($"Local: model discovery failed (GET {closed}/models): ", entry.Metadata.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", entry.Metadata.Error!, StringComparison.Ordinal);
    }

    private ServiceProvider Build() => ProviderHost.Build(new HostSettings(_folder.ConfigPath), _log);

    private static IProviderCatalog Catalog(ServiceProvider host) => host.GetRequiredService<IProviderCatalog>();
}
