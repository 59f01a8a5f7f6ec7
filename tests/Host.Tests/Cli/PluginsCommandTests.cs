using System.Text.Encodings.Web;
using System.Text.Json;

namespace Providers.Host.Tests.Cli;

public sealed class PluginsCommandTests : IDisposable
{
    private readonly TempPluginsFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task PluginsJson_PluginsLaidOutByTheHostBuild_OneRowPerFolderWithManifestTypesAndInstances()
    {
        var builtPlugins = Path.Combine(TestPaths.HostOutputDirectory, "plugins");

        var result = await CliRunner.RunAsync("plugins", "--json", "--config", _folder.ConfigPath, "--plugins", builtPlugins);

        Assert.Equal((0, ""), (result.ExitCode, result.StdErr));
        Assert.Equal($$"""
            [
              {
                "folder": "AllenAI",
                "path": "{{Json(Path.Combine(builtPlugins, "AllenAI"))}}",
                "name": "AllenAI",
                "version": "0.1.0",
                "abi": 2,
                "description": "Ai2 Playground (OLMo, Tülu) provider plugin.",
                "entry": "Providers.AllenAI.dll",
                "status": "Active",
                "error": null,
                "provider_types": [
                  "AllenAI"
                ],
                "instances": [
                  {
                    "name": "AllenAI",
                    "type": "AllenAI",
                    "status": "Active",
                    "error": null
                  }
                ]
              },
              {
                "folder": "OpenAICompatible",
                "path": "{{Json(Path.Combine(builtPlugins, "OpenAICompatible"))}}",
                "name": "OpenAICompatible",
                "version": "0.1.0",
                "abi": 2,
                "description": "Any OpenAI-compatible chat server (OpenAI, Ollama, vLLM, llama.cpp, LM Studio, gateways).",
                "entry": "Providers.OpenAICompatible.dll",
                "status": "Active",
                "error": null,
                "provider_types": [
                  "OpenAICompatible"
                ],
                "instances": []
              }
            ]

            """, result.StdOut);
    }

    [Fact]
    public async Task PluginsJson_TwoSectionsOfOneTypeAndADisabledOne_EveryInstanceUnderItsPlugin()
    {
        _folder.AddTestPlugin("EchoPlugin");
        _folder.WriteConfig("""
            { "pluginsPath": "plugins", "providers": {
                "Echo": { "enabled": false },
                "Parrot": { "type": "Echo", "prefix": "squawk: " },
                "Ghost": { "type": "Missing" } } }
            """);

        var result = await CliRunner.RunAsync("plugins", "--json", "--config", _folder.ConfigPath);

        Assert.Equal(0, result.ExitCode);
        using var document = JsonDocument.Parse(result.StdOut);
        var plugin = Assert.Single(document.RootElement.EnumerateArray());
        Assert.Equal(["Echo"], plugin.GetProperty("provider_types").EnumerateArray().Select(t => t.GetString()));
        // The section whose type no plugin gives belongs to no plugin: it is in 'host providers' only.
        Assert.Equal(
            [("Echo", "Echo", "Disabled"), ("Parrot", "Echo", "Active")],
            plugin.GetProperty("instances").EnumerateArray().Select(i =>
                (i.GetProperty("name").GetString(), i.GetProperty("type").GetString(), i.GetProperty("status").GetString())));
    }

    [Fact]
    public async Task Plugins_PlainText_SummaryTableThenOneBlockPerFolder()
    {
        _folder.AddTestPlugin("EchoPlugin").AddGarbage("Broken");
        Directory.CreateDirectory(Path.Combine(_folder.PluginsDirectory, "Future"));
        File.WriteAllText(Path.Combine(_folder.PluginsDirectory, "Future", "plugin.json"), """{ "name": "Future", "version": "2.0.0", "abi": 3, "entry": "Future.dll" }""");

        var result = await CliRunner.RunAsync("plugins", "--config", _folder.ConfigPath);

        Assert.Equal(0, result.ExitCode);
        var lines = result.StdOut.Split('\n');
        Assert.Equal(
            [
                "FOLDER      STATUS         VERSION  ABI  INSTANCES",
                "Broken      Malfunctioned  -        -    -",
                "EchoPlugin  Active         0.1.0    2    Echo",
                "Future      NotSupported   2.0.0    3    -",
                "",
                "Broken",
                "  status       Malfunctioned",
            ],
            lines[..7]);
        var future = lines[Array.IndexOf(lines, "Future")..];
        Assert.Equal(
            [
                "Future",
                "  status       NotSupported",
                "  error        plugin.json says abi 3; this host implements 2",
                "  name         Future",
                "  version      2.0.0",
                "  abi          3",
                "  description  -",
                "  entry        Future.dll",
                $"  path         {Path.Combine(_folder.PluginsDirectory, "Future")}",
                "  types        -",
                "  instances    -",
                "",
            ],
            future);
        Assert.All(lines.Where(l => !l.Contains(_folder.Root, StringComparison.Ordinal)), l => Assert.InRange(l.Length, 0, 80));
    }

    [Fact]
    public async Task Plugins_EmptyPluginsFolder_SaysSo()
    {
        var result = await CliRunner.RunAsync("plugins", "--config", _folder.ConfigPath);

        Assert.Equal((0, "No plugin folders found.\n", ""), (result.ExitCode, result.StdOut, result.StdErr));
    }

    [Fact]
    public async Task PluginsJson_EmptyPluginsFolder_EmptyArray()
    {
        var result = await CliRunner.RunAsync("plugins", "--json", "--config", _folder.ConfigPath);

        Assert.Equal((0, "[]\n", ""), (result.ExitCode, result.StdOut, result.StdErr));
    }

    [Fact]
    public async Task Help_ListsThePluginsCommandAndItsJsonOption()
    {
        var root = await CliRunner.RunAsync("--help");
        var command = await CliRunner.RunAsync("plugins", "--help");

        Assert.Equal((0, 0), (root.ExitCode, command.ExitCode));
        Assert.Contains(
            "  plugins         List every plugin folder: manifest (name, version, abi, entry), status, provider types and instances",
            root.StdOut.Split('\n'));
        Assert.Contains("  --json           Print a JSON array (stable, for scripts)", command.StdOut.Split('\n'));
    }

    private static string Json(string text) => JsonEncodedText.Encode(text, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString();
}
