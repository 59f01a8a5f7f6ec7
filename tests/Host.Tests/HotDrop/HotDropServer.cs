using System.Net;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Providers.Host.Configuration;
using Providers.Host.Hosting;
using Providers.Host.Plugins;
using Providers.Host.Server;
using Providers.Host.Tests.Server;

namespace Providers.Host.Tests.HotDrop;

/// <summary>
/// <c>host serve</c> as the command builds it (<see cref="ServerHost.Build"/>) over a temporary plugins
/// folder, on a free port of 127.0.0.1, with helpers to drop plugin folders in, replace and delete them.
/// </summary>
internal sealed class HotDropServer : IAsyncDisposable
{
    private readonly TempPluginsFolder _folder;
    private readonly StringWriter _logText;
    private readonly TextWriter _log;
    private readonly WebApplication _app;

    private HotDropServer(TempPluginsFolder folder, StringWriter logText, TextWriter log, WebApplication app)
    {
        _folder = folder;
        _logText = logText;
        _log = log;
        _app = app;
        Http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()), Timeout = TimeSpan.FromSeconds(60) };
    }

    public HttpClient Http { get; }

    public string PluginsDirectory => _folder.PluginsDirectory;

    public PluginReloader Reloader => _app.Services.GetRequiredService<PluginReloader>();

    /// <summary>What the host logged (warnings and up, plus one line per plugin change).</summary>
    public IReadOnlyList<string> LogLines
    {
        get
        {
            // TextWriter.Synchronized locks on itself: reading under the same lock sees whole lines.
            lock (_log)
            {
                return _logText.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            }
        }
    }

    /// <param name="testPlugins">Test plugin projects in the plugins folder before the server starts.</param>
    public static Task<HotDropServer> StartAsync(params string[] testPlugins) => StartAsync(keepLog: true, testPlugins);

    /// <summary>An empty plugins folder and this plugins.json (its <c>pluginsPath</c> must be <c>plugins</c>).</summary>
    public static Task<HotDropServer> StartWithConfigAsync(string configJson) => StartAsync(keepLog: true, [], configJson);

    /// <summary>As <see cref="StartAsync(string[])"/>, but nothing logged is kept: a long run's log would count as memory in use.</summary>
    public static Task<HotDropServer> StartQuietAsync(params string[] testPlugins) => StartAsync(keepLog: false, testPlugins);

    private static async Task<HotDropServer> StartAsync(bool keepLog, string[] testPlugins, string? configJson = null)
    {
        var folder = new TempPluginsFolder();
        try
        {
            if (configJson is not null)
            {
                folder.WriteConfig(configJson);
            }

            foreach (var plugin in testPlugins)
            {
                folder.AddTestPlugin(plugin);
            }

            var logText = new StringWriter();
            var log = TextWriter.Synchronized(keepLog ? logText : TextWriter.Null);
            var options = new ServerOptions { Urls = "http://127.0.0.1:0", ShutdownTimeout = TimeSpan.FromSeconds(2) };
            var app = ServerHost.Build(new HostSettings(folder.ConfigPath), options, log);
            try
            {
                await app.StartAsync();
            }
            catch
            {
                await app.DisposeAsync();
                throw;
            }

            return new HotDropServer(folder, logText, log, app);
        }
        catch
        {
            folder.Dispose();
            throw;
        }
    }

    /// <summary>Copies a built test plugin next to the plugins folder, then renames it in: the folder appears complete at once.</summary>
    public string MoveIn(string project, string folderName)
    {
        var staging = Path.Combine(_folder.Root, $"staging-{Guid.NewGuid():N}");
        CopyFiles(TestPaths.TestPlugin(project), staging);
        var target = Path.Combine(PluginsDirectory, folderName);
        Directory.Move(staging, target);
        return target;
    }

    /// <summary>Renames in a folder whose only file, <c>&lt;folderName&gt;.dll</c>, is no assembly.</summary>
    public string MoveInGarbage(string folderName)
    {
        var staging = Directory.CreateDirectory(Path.Combine(_folder.Root, $"staging-{Guid.NewGuid():N}")).FullName;
        File.WriteAllText(Path.Combine(staging, folderName + ".dll"), "MZ this is not a portable executable");
        var target = Path.Combine(PluginsDirectory, folderName);
        Directory.Move(staging, target);
        return target;
    }

    /// <summary>Copies a built test plugin into the plugins folder file by file, each file in small pieces with pauses, as a slow copy would.</summary>
    public async Task<string> CopyInSlowlyAsync(string project, string folderName)
    {
        var target = Directory.CreateDirectory(Path.Combine(PluginsDirectory, folderName)).FullName;
        foreach (var file in Directory.GetFiles(TestPaths.TestPlugin(project)))
        {
            var bytes = await File.ReadAllBytesAsync(file);
            await using var output = File.Create(Path.Combine(target, Path.GetFileName(file)));
            for (var offset = 0; offset < bytes.Length; offset += 4096)
            {
                await output.WriteAsync(bytes.AsMemory(offset, Math.Min(4096, bytes.Length - offset)));
                await output.FlushAsync();
                // Pacing the writer on purpose (a slow disk or network copy); nothing waits on it.
                await Task.Delay(30);
            }
        }

        return target;
    }

    /// <summary>Copies a built test plugin into the plugins folder file by file at full speed, as <c>cp -r</c> does.</summary>
    public string CopyIn(string project, string folderName)
    {
        var target = Path.Combine(PluginsDirectory, folderName);
        CopyFiles(TestPaths.TestPlugin(project), target);
        return target;
    }

    /// <summary>Copies any plugin folder (for example a real plugin from the host's build output) in, all at once.</summary>
    public string CopyInFolder(string sourceDirectory, string folderName)
    {
        var target = Path.Combine(PluginsDirectory, folderName);
        CopyFiles(sourceDirectory, target);
        return target;
    }

    /// <summary>Overwrites every file of the folder in place with the test plugin's, as <c>cp -r</c> over an installed plugin does.</summary>
    public static void OverwriteInPlace(string project, string folder) => CopyFiles(TestPaths.TestPlugin(project), folder);

    public async Task<IReadOnlyList<string>> ModelIdsAsync()
    {
        using var document = JsonDocument.Parse(await Http.GetStringAsync("v1/models"));
        return [.. document.RootElement.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()!)];
    }

    public async Task<JsonElement> ProvidersAsync()
    {
        using var document = JsonDocument.Parse(await Http.GetStringAsync("v1/providers"));
        return document.RootElement.Clone();
    }

    /// <summary>A non-streaming chat request: the status and, for 200, the reply's text, else the error's code.</summary>
    public async Task<(HttpStatusCode Status, string Text)> ChatAsync(string model, string message)
    {
        using var response = await Http.PostAsync("v1/chat/completions", Json(model, message, stream: false));
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = document.RootElement;
        return response.StatusCode == HttpStatusCode.OK
            ? (response.StatusCode, root.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!)
            : (response.StatusCode, root.GetProperty("error").GetProperty("code").GetString()!);
    }

    /// <summary>Starts a streaming chat request and returns once the headers arrived; read it with <see cref="SseReader"/>.</summary>
    public async Task<HttpResponseMessage> StartStreamAsync(string model, string message)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions") { Content = Json(model, message, stream: true) };
        return await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    /// <summary>A weak reference to the load context the plugin of <paramref name="folderName"/> runs in now.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public WeakReference LoadContextOf(string folderName)
    {
        var plugin = Reloader.Plugins.Single(p => p.Candidate.FolderName == folderName);
        return new WeakReference(AssemblyLoadContext.GetLoadContext(plugin.Assembly!));
    }

    /// <summary>Polls, collecting garbage, until <paramref name="context"/> is collected.</summary>
    public static Task CollectedAsync(WeakReference context, string what) =>
        Fakes.Poll.UntilAsync(() =>
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            return !context.IsAlive;
        }, what);

    private static StringContent Json(string model, string message, bool stream) =>
        new(ChatCompletionsTests.ChatJson(model, stream, message), Encoding.UTF8, "application/json");

    private static void CopyFiles(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _folder.Dispose();
    }
}
