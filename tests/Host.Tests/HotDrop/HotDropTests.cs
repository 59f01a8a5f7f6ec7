using System.Net;
using System.Runtime.Loader;
using System.Text.Json;
using Providers.Host.Tests.Fakes;
using Xunit.Abstractions;

namespace Providers.Host.Tests.HotDrop;

/// <summary>
/// Plugins coming and going while <c>host serve</c> runs on a real port: folders dropped in (renamed
/// in whole, or copied file by file), deleted under a running stream, overwritten by a new version,
/// garbage, and many quick cycles. Latencies are measured and reported, never asserted.
/// </summary>
[Collection(HotDropRunsAlone.Name)]
public sealed class HotDropTests(ITestOutputHelper output)
{
    private const string V1 = "HotV1Plugin";
    private const string V2 = "HotV2Plugin";
    private const string Model = "hot-1";

    [Fact]
    public async Task FolderRenamedIn_ModelsListedAndServedExactly()
    {
        await using var server = await HotDropServer.StartAsync();
        Assert.DoesNotContain(Model, await server.ModelIdsAsync());

        server.MoveIn(V1, "Hot");
        await Poll.UntilAsync(async () => (await server.ModelIdsAsync()).Contains(Model), "hot-1 listed in /v1/models");

        Assert.Equal((HttpStatusCode.OK, "v1: hi there"), await server.ChatAsync(Model, "hi there"));
        using (var response = await server.StartStreamAsync(Model, "streamed"))
        using (var stream = new SseReader(await response.Content.ReadAsStreamAsync()))
        {
            await stream.ReadToEndAsync();
            Assert.Equal(("v1: streamed", "stop", true), (stream.Text.ToString(), stream.FinishReason, stream.Done));
        }

        var hot = Assert.Single((await server.ProvidersAsync()).EnumerateArray());
        Assert.Equal(("Hot", "Active"), (hot.GetProperty("id").GetString(), hot.GetProperty("status").GetString()));
        var plugin = Assert.Single(server.Reloader.Plugins).Info;
        Assert.Equal((Path.Combine(server.PluginsDirectory, "Hot", "Providers.TestPlugins.Hot.dll"), "1.0.0"), (plugin.Path, plugin.Version));
        Assert.Equal("host: info: Plugin folder Hot loaded: Providers.TestPlugins.Hot 1.0.0, providers Hot", Assert.Single(server.LogLines));
    }

    [Fact]
    public async Task FolderCopiedFileByFileSlowly_ServedExactlyOnceSettled()
    {
        await using var server = await HotDropServer.StartAsync();

        await server.CopyInSlowlyAsync(V1, "Hot");
        await Poll.UntilAsync(async () => (await server.ModelIdsAsync()).Contains(Model), "hot-1 listed in /v1/models");

        Assert.Equal((HttpStatusCode.OK, "v1: slowly"), await server.ChatAsync(Model, "slowly"));
        Assert.Equal("Active", Assert.Single((await server.ProvidersAsync()).EnumerateArray()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task FolderDeletedDuringStream_StreamCompletesExactly_ModelGone_LaterRequests400_ContextCollected()
    {
        await using var server = await HotDropServer.StartAsync(V1);
        var context = server.LoadContextOf(V1);
        var (gate, name) = Gate();
        try
        {
            using var response = await server.StartStreamAsync(Model, $"gate:{name}");
            using var stream = new SseReader(await response.Content.ReadAsStreamAsync());
            await stream.ReadUntilTextAsync("v1 before ");

            Directory.Delete(Path.Combine(server.PluginsDirectory, V1), recursive: true);
            await Poll.UntilAsync(async () => !(await server.ModelIdsAsync()).Contains(Model), "hot-1 gone from /v1/models");
            var (status, code) = await server.ChatAsync(Model, "anyone?");
            Assert.Equal((HttpStatusCode.BadRequest, "model_not_found"), (status, code));
            Assert.Empty((await server.ProvidersAsync()).EnumerateArray());
            Assert.True(context.IsAlive, "the running stream still holds its plugin");

            gate.SetResult();
            await stream.ReadToEndAsync();
            Assert.Equal(("v1 before v1 after", "stop", true), (stream.Text.ToString(), stream.FinishReason, stream.Done));
        }
        finally
        {
            AppDomain.CurrentDomain.SetData(name, null);
        }

        await HotDropServer.CollectedAsync(context, "the removed plugin's load context collected");
        // The last plugin line: a deletion slowed mid-way may first be seen (and logged) as a broken folder.
        Assert.Equal("host: info: Plugin folder HotV1Plugin removed: providers Hot no longer routed", server.LogLines.Last(l => l.Contains("Plugin folder", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task FolderOverwrittenWithV2_NewRequestsOnV2_OldStreamFinishesOnV1_V1Collected()
    {
        await using var server = await HotDropServer.StartAsync(V1);
        var v1 = server.LoadContextOf(V1);
        var (gate, name) = Gate();
        try
        {
            using var response = await server.StartStreamAsync(Model, $"gate:{name}");
            using var stream = new SseReader(await response.Content.ReadAsStreamAsync());
            await stream.ReadUntilTextAsync("v1 before ");

            // Overwritten in place while v1 is loaded and streaming: loaded from memory, its files are free.
            HotDropServer.OverwriteInPlace(V2, Path.Combine(server.PluginsDirectory, V1));
            await Poll.UntilAsync(async () => (await server.ChatAsync(Model, "who?")).Text == "v2: who?", "v2 answers");
            var hot = Assert.Single((await server.ProvidersAsync()).EnumerateArray());
            Assert.Equal(("Hot", "Active"), (hot.GetProperty("id").GetString(), hot.GetProperty("status").GetString()));
            Assert.Equal("2.0.0", Assert.Single(server.Reloader.Plugins).Info.Version);
            Assert.True(v1.IsAlive, "the running stream still holds v1");

            gate.SetResult();
            await stream.ReadToEndAsync();
            Assert.Equal(("v1 before v1 after", "stop", true), (stream.Text.ToString(), stream.FinishReason, stream.Done));
        }
        finally
        {
            AppDomain.CurrentDomain.SetData(name, null);
        }

        await HotDropServer.CollectedAsync(v1, "v1's load context collected");
        Assert.Equal((HttpStatusCode.OK, "v2: still"), await server.ChatAsync(Model, "still"));
        // The last line: a copy slowed mid-way may first be loaded half-replaced, then again once complete.
        Assert.Equal("host: info: Plugin folder HotV1Plugin loaded: Providers.TestPlugins.Hot 2.0.0, providers Hot", server.LogLines[^1]);
    }

    [Fact]
    public async Task GarbageDll_ServerStaysUp_FolderMalfunctioned_RetriedWhenItChanges()
    {
        await using var server = await HotDropServer.StartAsync(V1);
        var broken = server.MoveInGarbage("Broken");

        await Poll.UntilAsync(async () => Entry(await server.ProvidersAsync(), "Broken") is not null, "Broken listed in /v1/providers");
        var entry = Entry(await server.ProvidersAsync(), "Broken")!.Value;
        Assert.Equal("Malfunctioned", entry.GetProperty("status").GetString());
        Assert.Equal(Path.Combine(broken, "Broken.dll"), server.Reloader.Plugins.Single(p => p.Candidate.FolderName == "Broken").Info.Path);
        Assert.False(string.IsNullOrEmpty(entry.GetProperty("error").GetString()));
        Assert.Equal((HttpStatusCode.OK, "v1: still up"), await server.ChatAsync(Model, "still up"));
        Assert.Equal($"host: error: Plugin folder Broken failed: {entry.GetProperty("error").GetString()}; retried when its files change",
            Assert.Single(server.LogLines));

        // Fixed in place: the folder now holds v2 of Hot. Broken sorts before HotV1Plugin, so its Hot is
        // the one routed and the older folder's is listed as a duplicate.
        File.Delete(Path.Combine(broken, "Broken.dll"));
        HotDropServer.OverwriteInPlace(V2, broken);
        await Poll.UntilAsync(async () => Entry(await server.ProvidersAsync(), "Broken") is null, "the garbage entry replaced");
        var providers = await server.ProvidersAsync();
        Assert.Equal(
            [("Hot", "Active"), ("Hot@HotV1Plugin", "Malfunctioned")],
            providers.EnumerateArray().Select(p => (p.GetProperty("id").GetString(), p.GetProperty("status").GetString())));
        Assert.Equal((HttpStatusCode.OK, "v2: fixed"), await server.ChatAsync(Model, "fixed"));
        Assert.Equal("host: info: Plugin folder Broken loaded: Providers.TestPlugins.Hot 2.0.0, providers Hot", server.LogLines[^1]);
    }

    [Fact]
    public async Task DroppedInPluginRejectsItsSection_ServerKeepsServing_InstanceMalfunctionedWithOneLine()
    {
        // At start no plugin gives Hot, so the section is only a warning; once Hot arrives it is invalid for it.
        await using var server = await HotDropServer.StartWithConfigAsync(
            """{ "pluginsPath": "plugins", "providers": { "Hot": { "colour": "red" } } }""");

        server.MoveIn(V1, "Hot");
        await Poll.UntilAsync(async () => Entry(await server.ProvidersAsync(), "Hot") is not null, "Hot listed in /v1/providers");

        var hot = Entry(await server.ProvidersAsync(), "Hot")!.Value;
        var error = hot.GetProperty("error").GetString()!;
        Assert.Equal("Malfunctioned", hot.GetProperty("status").GetString());
        Assert.Contains("providers:Hot:colour", error, StringComparison.Ordinal);
        Assert.DoesNotContain("red", error, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.BadRequest, "model_not_found"), await server.ChatAsync(Model, "hi"));
        using var health = JsonDocument.Parse(await server.Http.GetStringAsync("health"));
        Assert.Equal("ok", health.RootElement.GetProperty("status").GetString());
        Assert.Equal($"host: error: Plugin folder Hot failed: Hot: {error}; retried when its files change",
            Assert.Single(server.LogLines, l => l.Contains("Plugin folder", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task RealAllenAIPlugin_CopiedInThenDeleted_ItsLoadContextIsCollected()
    {
        await using var server = await HotDropServer.StartAsync();

        var folder = server.CopyInFolder(TestPaths.AllenAIPluginDirectory, "AllenAI");
        await Poll.UntilAsync(async () => (await server.ModelIdsAsync()).Contains("tulu3-405b"), "tulu3-405b listed in /v1/models");
        var context = server.LoadContextOf("AllenAI");

        Directory.Delete(folder, recursive: true);
        await Poll.UntilAsync(async () => !(await server.ModelIdsAsync()).Contains("tulu3-405b"), "tulu3-405b gone from /v1/models");
        // Its options are validated by generated code: nothing of the plugin stays cached in the host's DataAnnotations.
        await HotDropServer.CollectedAsync(context, "the AllenAI plugin's load context collected");
    }

    [Fact]
    public async Task ReadmeWalkThrough_HelloSampleCopiedIn_ListedAndAnswers_DeletedAndRefused()
    {
        await using var server = await HotDropServer.StartAsync();

        var folder = server.CopyIn("HelloPlugin", "Hello");
        await Poll.UntilAsync(async () => (await server.ModelIdsAsync()).Contains("hello-1"), "hello-1 listed in /v1/models");
        Assert.Equal((HttpStatusCode.OK, "Hello, world!"), await server.ChatAsync("hello-1", "world"));
        var context = server.LoadContextOf("Hello");

        Directory.Delete(folder, recursive: true);
        await Poll.UntilAsync(async () => !(await server.ModelIdsAsync()).Contains("hello-1"), "hello-1 gone from /v1/models");
        Assert.Equal((HttpStatusCode.BadRequest, "model_not_found"), await server.ChatAsync("hello-1", "world"));
        Assert.Contains("host: info: Plugin folder Hello loaded: HelloPlugin 1.0.0, providers Hello", server.LogLines);
        Assert.Contains("host: info: Plugin folder Hello removed: providers Hello no longer routed", server.LogLines);
        // The sample validates its options with generated code: nothing of it stays cached in the host.
        await HotDropServer.CollectedAsync(context, "the sample's load context collected");
    }

    [Fact]
    public async Task TwentyQuickAddRemoveCycles_WhileRequestsRun_NoCrashNo5xxNoHalfLoadedAnswer_MemoryBack()
    {
        await WarmUpAsync();
        await Poll.UntilAsync(() => HotContexts() == 0, "the warm-up server's Hot load context collected");
        var before = SettledManagedMemory();

        var (served, missing, unexpected) = await CyclesWhileRequestsRunAsync();

        await Poll.UntilAsync(() => HotContexts() == 0, "every Hot load context collected");
        var after = SettledManagedMemory();
        output.WriteLine($"requests served: {served}, model_not_found: {missing}; managed memory: {before / 1024} KiB before, {after / 1024} KiB after");
        Assert.Empty(unexpected);
        Assert.True(served > 0, "some requests were served while the plugin was in");
        Assert.True(after < before + (4 << 20), $"managed memory back near its start: {before} B before, {after} B after");
    }

    // A first server with the plugin, under the same request load, pays for what a process creates
    // once and keeps (JIT, buffer pools filled to their working size), so the baseline is fair.
    // Servers live in methods of their own: a local of the test itself would keep one (and its log) reachable.
    private static async Task WarmUpAsync()
    {
        await using var warmUp = await HotDropServer.StartQuietAsync(V1);
        await Task.WhenAll(Enumerable.Range(0, 3).Select(worker => Task.Run(async () =>
        {
            for (var i = 0; i < 200; i++)
            {
                Assert.Equal((HttpStatusCode.OK, $"v1: w{worker}-{i}"), await warmUp.ChatAsync(Model, $"w{worker}-{i}"));
                _ = await warmUp.ModelIdsAsync();
            }
        })));
    }

    /// <summary>20 cycles of the plugin renamed in and deleted while three clients send requests; every answer is classified.</summary>
    private static async Task<(int Served, int Missing, List<string> Unexpected)> CyclesWhileRequestsRunAsync()
    {
        await using var server = await HotDropServer.StartQuietAsync();
        var served = 0;
        var missing = 0;
        var unexpected = new List<string>();
        using var stop = new CancellationTokenSource();
        async Task RequestLoopAsync(int worker)
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var message = $"w{worker}-{i}";
                var (status, text) = await server.ChatAsync(Model, message);
                if (status == HttpStatusCode.OK && text == $"v1: {message}")
                {
                    Interlocked.Increment(ref served);
                }
                else if (status == HttpStatusCode.BadRequest && text == "model_not_found")
                {
                    Interlocked.Increment(ref missing);
                }
                else
                {
                    lock (unexpected)
                    {
                        unexpected.Add($"{(int)status} {text}");
                    }
                }
            }
        }

        var loops = Enumerable.Range(0, 3).Select(worker => Task.Run(() => RequestLoopAsync(worker))).ToList();
        for (var cycle = 0; cycle < 20; cycle++)
        {
            var folder = server.MoveIn(V1, $"Hot{cycle % 2}");
            if (cycle % 2 == 0)
            {
                // Every other cycle goes live before it is removed; the others are gone before they settle.
                await Poll.UntilAsync(async () => (await server.ModelIdsAsync()).Contains(Model), $"cycle {cycle} live");
            }

            Directory.Delete(folder, recursive: true);
        }

        await Poll.UntilAsync(async () => !(await server.ModelIdsAsync()).Contains(Model), "hot-1 gone after the cycles");
        await stop.CancelAsync();
        await Task.WhenAll(loops);
        using var health = JsonDocument.Parse(await server.Http.GetStringAsync("health"));
        Assert.Equal("ok", health.RootElement.GetProperty("status").GetString());
        return (served, missing, unexpected);
    }

    private static (TaskCompletionSource Gate, string Name) Gate()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var name = $"hot-gate-{Guid.NewGuid():N}";
        AppDomain.CurrentDomain.SetData(name, gate.Task);
        return (gate, name);
    }

    private static JsonElement? Entry(JsonElement providers, string id) =>
        providers.EnumerateArray().Where(p => p.GetProperty("id").GetString() == id).Select(p => (JsonElement?)p).FirstOrDefault();

    private static int HotContexts()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return AssemblyLoadContext.All.Count(c => c.Assemblies.Any(a => a.GetName().Name == "Providers.TestPlugins.Hot"));
    }

    private static long SettledManagedMemory()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
