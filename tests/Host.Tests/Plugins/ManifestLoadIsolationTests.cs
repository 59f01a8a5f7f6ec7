using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Providers.Host.Configuration;
using Providers.Host.Hosting;
using Providers.Host.Plugins;

namespace Providers.Host.Tests.Plugins;

/// <summary>A manifest naming another ABI keeps every file of its folder out of the process, however the host would load it.</summary>
[Collection(nameof(RunsAlone))]
public sealed class ManifestLoadIsolationTests : IDisposable
{
    private const string EchoAssemblyName = "Providers.TestPlugins.Echo";

    private readonly TempPluginsFolder _folder = new TempPluginsFolder().Add(TestPaths.TestPlugin("EchoPlugin"), "Echo");

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(2, "Active", true)]
    [InlineData(1, "NotSupported", false)]
    [InlineData(3, "NotSupported", false)]
    public void Build_ManifestAbi_EntryLoadedOnlyWhenSupported(int abi, string status, bool loaded)
    {
        File.WriteAllText(Path.Combine(_folder.PluginsDirectory, "Echo", PluginManifest.FileName),
            $$"""{ "abi": {{abi}}, "entry": "Providers.TestPlugins.Echo.dll" }""");
        var loads = new ConcurrentQueue<Assembly>();
        void OnLoad(object? sender, AssemblyLoadEventArgs e) => loads.Enqueue(e.LoadedAssembly);

        // Every load into any context raises this event, whether from a path or from memory; no other test runs meanwhile.
        AppDomain.CurrentDomain.AssemblyLoad += OnLoad;
        try
        {
            using var host = ProviderHost.Build(new HostSettings(_folder.ConfigPath), TextWriter.Null);
            Assert.Equal(status, Assert.Single(host.GetRequiredService<IProviderCatalog>().Providers).Status.ToString());
        }
        finally
        {
            AppDomain.CurrentDomain.AssemblyLoad -= OnLoad;
        }

        // The loaded case is the control: it shows the watch sees the plugin when the host does load it.
        Assert.Equal(loaded, loads.Any(a => a.GetName().Name == EchoAssemblyName));
    }
}
