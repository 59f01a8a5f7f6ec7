using System.Text.Encodings.Web;
using System.Text.Json;

namespace Providers.Host.Tests.Cli;

public sealed class ProvidersCommandTests : IDisposable
{
    private readonly TempPluginsFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task ProvidersJson_PluginsLaidOutByTheHostBuild_EqualsTheContractDocumentForAllenAI()
    {
        var builtPlugins = Path.Combine(TestPaths.HostOutputDirectory, "plugins");

        var result = await CliRunner.RunAsync("providers", "--json", "--config", _folder.ConfigPath, "--plugins", builtPlugins);

        Assert.Equal((0, ""), (result.ExitCode, result.StdErr));
        Assert.Equal(ExpectedAllenAIDocument(Path.Combine(builtPlugins, "AllenAI", "Providers.AllenAI.dll")), result.StdOut);
    }

    [Fact]
    public async Task ProvidersJson_GarbageInASecondFolder_AllenAIActiveAndGarbageMalfunctioned()
    {
        _folder.AddAllenAI().AddGarbage("Broken");

        var result = await CliRunner.RunAsync("providers", "--json", "--config", _folder.ConfigPath);

        Assert.Equal(0, result.ExitCode);
        // Standard output is the JSON alone: the malfunction is logged on standard error, once.
        using var document = JsonDocument.Parse(result.StdOut);
        var providers = document.RootElement.EnumerateArray().ToArray();
        Assert.Equal(["AllenAI", "Broken"], providers.Select(p => p.GetProperty("name").GetString()));
        Assert.Equal(["Active", "Malfunctioned"], providers.Select(p => p.GetProperty("status").GetString()));
        var garbage = Path.Combine(_folder.PluginsDirectory, "Broken", "Garbage.dll");
        Assert.Equal($"Bad IL format. The format of the file '{garbage}' is invalid.", providers[1].GetProperty("error").GetString());
        Assert.Equal(JsonValueKind.Null, providers[1].GetProperty("plugin").GetProperty("version").ValueKind);
        Assert.Equal(
            [$"host: error: Provider Broken from {garbage} malfunctioned: Bad IL format. The format of the file '{garbage}' is invalid."],
            result.StdErrLines);
    }

    [Fact]
    public async Task ProvidersJson_AllenAIInTwoFolders_EveryIdUnique()
    {
        _folder.AddAllenAI().Add(TestPaths.AllenAIPluginDirectory, "AllenAI2");

        var result = await CliRunner.RunAsync("providers", "--json", "--config", _folder.ConfigPath);

        Assert.Equal(0, result.ExitCode);
        using var document = JsonDocument.Parse(result.StdOut);
        var providers = document.RootElement.EnumerateArray().ToArray();
        Assert.Equal(["AllenAI", "AllenAI@AllenAI2"], providers.Select(p => p.GetProperty("name").GetString()));
        Assert.Equal(["Active", "Malfunctioned"], providers.Select(p => p.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task ProvidersJson_LinkLoopDanglingLinkAndLooseFile_SkippedWithOneWarningEach()
    {
        _folder.AddAllenAI();
        var plugins = _folder.PluginsDirectory;
        Directory.CreateSymbolicLink(Path.Combine(plugins, "LoopSelf"), ".");
        Directory.CreateSymbolicLink(Path.Combine(plugins, "Up"), "..");
        Directory.CreateSymbolicLink(Path.Combine(plugins, "Gone"), Path.Combine(_folder.Root, "missing"));
        File.WriteAllText(Path.Combine(plugins, "README.txt"), "loose");

        var result = await CliRunner.RunAsync("providers", "--json", "--config", _folder.ConfigPath);

        Assert.Equal(0, result.ExitCode);
        using var document = JsonDocument.Parse(result.StdOut);
        Assert.Equal(["AllenAI"], document.RootElement.EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        Assert.Equal(
            [
                $"host: warn: Skipped {Path.Combine(plugins, "Gone")} in the plugins folder: a dangling link (to {Path.Combine(_folder.Root, "missing")})",
                $"host: warn: Skipped {Path.Combine(plugins, "LoopSelf")} in the plugins folder: a link to {plugins}, the plugins folder itself or a folder above it",
                $"host: warn: Skipped {Path.Combine(plugins, "README.txt")} in the plugins folder: a plugin needs a folder of its own, this is a file",
                $"host: warn: Skipped {Path.Combine(plugins, "Up")} in the plugins folder: a link to {_folder.Root}, the plugins folder itself or a folder above it",
            ],
            result.StdErrLines);
    }

    [Fact]
    public async Task Providers_PlainText_SummaryTableFitsEightyColumns()
    {
        _folder.AddAllenAI().AddTestPlugin("ThrowingPlugin");

        var result = await CliRunner.RunAsync("providers", "--config", _folder.ConfigPath);

        Assert.Equal(0, result.ExitCode);
        var lines = result.StdOut.Split('\n');
        Assert.Equal(
            [
                "NAME      STATUS         DEFAULT MODEL  MODELS  LABEL",
                "AllenAI   Active         tulu3-405b     5       Ai2 Playground",
                "Throwing  Malfunctioned  throwing-1     1       Throwing (test)",
                "",
                "AllenAI (Ai2 Playground)",
            ],
            lines[..5]);
        Assert.Contains("  flags          working, no auth, streams, no system message, message history", lines);
        Assert.Contains("  error          could not create ThrowingProvider: InvalidOperationException:", lines);
        Assert.All(lines.Where(l => !l.Contains(_folder.Root, StringComparison.Ordinal)), l => Assert.InRange(l.Length, 0, 80));
    }

    [Fact]
    public async Task Providers_EmptyPluginsFolder_SaysSo()
    {
        var result = await CliRunner.RunAsync("providers", "--config", _folder.ConfigPath);

        Assert.Equal((0, "No providers found.\n", ""), (result.ExitCode, result.StdOut, result.StdErr));
    }

    [Fact]
    public async Task ProvidersJson_RealProcessWithEnvironmentOverride_ListsAllenAIWithTheOverriddenEndpoint()
    {
        var environment = new Dictionary<string, string>
        {
            ["PROVIDERS_pluginsPath"] = Path.Combine(TestPaths.HostOutputDirectory, "plugins"),
            ["PROVIDERS_providers__AllenAI__apiEndpoint"] = "http://127.0.0.1:9/v4/message/stream",
        };

        var result = await CliRunner.RunProcessAsync(environment, "providers", "--json", "--config", _folder.ConfigPath);

        Assert.Equal((0, ""), (result.ExitCode, result.StdErr));
        var expected = ExpectedAllenAIDocument(Path.Combine(TestPaths.AllenAIPluginDirectory, "Providers.AllenAI.dll"))
            .Replace("https://olmo-api.allen.ai/v4/message/stream", "http://127.0.0.1:9/v4/message/stream", StringComparison.Ordinal);
        Assert.Equal(expected, result.StdOut);
    }

    [Fact]
    public async Task Providers_RealProcessWithBadEnvironmentValue_ExitsTwoNamingTheVariableSource()
    {
        var environment = new Dictionary<string, string> { ["PROVIDERS_providers__AllenAI__timeoutSeconds"] = "abc" };

        var result = await CliRunner.RunProcessAsync(environment, "providers", "--config", _folder.ConfigPath);

        Assert.Equal((2, ""), (result.ExitCode, result.StdOut));
        Assert.Equal(["host: environment (PROVIDERS_*): providers:AllenAI:timeoutSeconds: expected an integer from 1 to 3600, got \"abc\""], result.StdErrLines);
    }

    [Fact]
    public async Task Providers_BadSectionBesideASectionNoPluginTakes_PrintsOnlyTheError()
    {
        _folder.AddTestPlugin("EchoPlugin");
        var config = _folder.WriteConfig("""{"providers":{"Gone":{},"Echo":{"fast":1}}}""");

        var result = await CliRunner.RunAsync("providers", "--json", "--config", config);

        Assert.Equal((2, ""), (result.ExitCode, result.StdOut));
        Assert.Equal([$"host: {config}: providers:Echo:fast: unknown key"], result.StdErrLines);
    }

    private static string ExpectedAllenAIDocument(string pluginPath) => $$"""
        [
          {
            "name": "AllenAI",
            "label": "Ai2 Playground",
            "url": "https://playground.allenai.org",
            "login_url": null,
            "api_endpoint": "https://olmo-api.allen.ai/v4/message/stream",
            "working": true,
            "needs_auth": false,
            "use_nodriver": false,
            "supports_stream": true,
            "supports_system_message": false,
            "supports_message_history": true,
            "default_model": "tulu3-405b",
            "models": [
              "tulu3-405b",
              "OLMo-2-1124-13B-Instruct",
              "tulu-3-1-8b",
              "Llama-3-1-Tulu-3-70B",
              "olmoe-0125"
            ],
            "model_aliases": {
              "llama-3.1-405b": "tulu-3-405b",
              "llama-3.1-70b": "Llama-3-1-Tulu-3-70B",
              "llama-3.1-8b": "tulu-3-1-8b",
              "olmo-2-13b": "OLMo-2-1124-13B-Instruct",
              "tulu-3-1-8b": "tulu-3-1-8b",
              "tulu-3-405b": "tulu3-405b",
              "tulu-3-70b": "Llama-3-1-Tulu-3-70B"
            },
            "status": "Active",
            "error": null,
            "plugin": {
              "path": "{{JsonEncodedText.Encode(pluginPath, JavaScriptEncoder.UnsafeRelaxedJsonEscaping)}}",
              "version": "0.1.0"
            }
          }
        ]

        """;
}
