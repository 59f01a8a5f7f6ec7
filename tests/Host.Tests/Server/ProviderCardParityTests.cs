using System.Net;
using System.Text.Json;
using Providers.Host.Tests.Cli;

namespace Providers.Host.Tests.Server;

/// <summary><c>GET /v1/providers/AllenAI</c> and <c>host providers --json</c> describe the real plugin identically.</summary>
public sealed class ProviderCardParityTests
{
    private static readonly string[] SharedKeys =
    [
        "name", "label", "url", "login_url", "api_endpoint", "working", "needs_auth", "use_nodriver", "supports_stream",
        "supports_system_message", "supports_message_history", "default_model", "models", "model_aliases", "status", "error",
    ];

    [Fact]
    public async Task GetProvider_AllenAI_SameValuesAsProvidersJsonOnTheSameConfig()
    {
        await using var host = await PluginServer.StartAsync(PluginServer.Config(new Uri("http://127.0.0.1:9/v4/message/stream")));

        var cli = await CliRunner.RunAsync("providers", "--json", "--config", host.ConfigPath);
        using var response = await host.Server.Http.GetAsync("v1/providers/AllenAI");

        Assert.Equal((0, ""), (cli.ExitCode, cli.StdErr));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var fromCli = Assert.Single(JsonDocument.Parse(cli.StdOut).RootElement.EnumerateArray());
        var fromServer = await RunningServer.ReadJsonAsync(response);
        // Byte-for-byte per value (compact form), so a trailing slash or a reordered alias map is a difference.
        Assert.Equal(SharedKeys.Select(k => (k, Compact(fromCli, k))), SharedKeys.Select(k => (k, Compact(fromServer, k))));
        Assert.Equal("http://127.0.0.1:9/v4/message/stream", fromServer.GetProperty("api_endpoint").GetString());
        Assert.Equal("AllenAI", fromServer.GetProperty("id").GetString());
    }

    [Fact]
    public async Task ListProviders_ActiveDisabledAndMalfunctioned_SameValuesAsProvidersJsonForEach()
    {
        await using var host = await PluginServer.StartAsync(
            PluginServer.Config(new Uri("http://127.0.0.1:9/v4/message/stream"), moreProviders: """
                "Flaky": { "priority": 10 }, "Echo": { "enabled": false }
                """),
            "FlakyPlugin", "EchoPlugin", "ThrowingPlugin");

        var cli = await CliRunner.RunAsync("providers", "--json", "--config", host.ConfigPath);
        using var response = await host.Server.Http.GetAsync("v1/providers");

        var fromCli = JsonDocument.Parse(cli.StdOut).RootElement.EnumerateArray().ToList();
        var fromServer = (await RunningServer.ReadJsonAsync(response)).EnumerateArray().ToList();
        Assert.Equal(
            [("AllenAI", "Active"), ("Echo", "Disabled"), ("Flaky", "Active"), ("Throwing", "Malfunctioned")],
            fromServer.Select(p => (p.GetProperty("id").GetString(), p.GetProperty("status").GetString())).Order());
        string[] listed = [.. SharedKeys.Except(["default_model", "models", "model_aliases"])];
        Assert.Equal(
            fromCli.SelectMany(p => listed.Select(k => (k, Compact(p, k)))),
            fromServer.SelectMany(p => listed.Select(k => (k, Compact(p, k)))));
    }

    private static string Compact(JsonElement element, string key) =>
        element.TryGetProperty(key, out var value) ? JsonSerializer.Serialize(value) : "<missing>";
}
