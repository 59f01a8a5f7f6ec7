using System.Text.Json;
using Providers.Host.Configuration;

namespace Providers.Host.Tests.Server;

/// <summary>
/// <c>host serve</c> assembled the real way: a plugins folder holding the built AllenAI plugin (and
/// any test plugins), a plugins.json, then the server <c>host serve</c> builds from it, on a free port.
/// </summary>
internal sealed class PluginServer : IAsyncDisposable
{
    private readonly TempPluginsFolder _folder;
    private readonly LockedStringWriter _log;

    private PluginServer(TempPluginsFolder folder, LockedStringWriter log, RunningServer server)
    {
        _folder = folder;
        _log = log;
        Server = server;
    }

    public RunningServer Server { get; }

    public string ConfigPath => _folder.ConfigPath;

    /// <summary>What the host logged (warnings and up, as <c>host serve</c> logs to standard error).</summary>
    public IReadOnlyList<string> LogLines => _log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public static async Task<PluginServer> StartAsync(string configJson, params string[] testPlugins)
    {
        var folder = new TempPluginsFolder().AddAllenAI();
        try
        {
            foreach (var plugin in testPlugins)
            {
                folder.AddTestPlugin(plugin);
            }

            folder.WriteConfig(configJson);
            var log = new LockedStringWriter();
            var server = await RunningServer.StartAsync(new HostSettings(folder.ConfigPath), log);
            return new PluginServer(folder, log, server);
        }
        catch
        {
            folder.Dispose();
            throw;
        }
    }

    /// <summary>A plugins.json pointing AllenAI at <paramref name="ai2Endpoint"/>; <paramref name="moreProviders"/> are extra <c>"Name": {…}</c> members.</summary>
    public static string Config(Uri ai2Endpoint, int timeoutSeconds = 10, int maxRetries = 0, string moreProviders = "", int failuresBeforeCooldown = 3) => $$"""
        {
          "pluginsPath": "plugins",
          "providers": {
            "AllenAI": { "apiEndpoint": {{JsonSerializer.Serialize(ai2Endpoint.ToString())}}, "timeoutSeconds": {{timeoutSeconds}} }{{(moreProviders.Length > 0 ? "," : "")}}
            {{moreProviders}}
          },
          "routing": { "maxRetries": {{maxRetries}}, "initialBackoffMilliseconds": 1, "maxBackoffMilliseconds": 1, "failuresBeforeCooldown": {{failuresBeforeCooldown}} }
        }
        """;

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        _folder.Dispose();
    }

    /// <summary>Request threads log while a test reads: both sides take the same lock.</summary>
    private sealed class LockedStringWriter : StringWriter
    {
        private readonly Lock _gate = new();

        public override void Write(char value)
        {
            lock (_gate)
            {
                base.Write(value);
            }
        }

        public override void Write(string? value)
        {
            lock (_gate)
            {
                base.Write(value);
            }
        }

        public override void WriteLine(string? value)
        {
            lock (_gate)
            {
                base.WriteLine(value);
            }
        }

        public override string ToString()
        {
            lock (_gate)
            {
                return base.ToString();
            }
        }
    }
}
