using System.Text.Json;
using Providers.Abstractions;
using Providers.Host.Plugins;
using Providers.Host.Tests.Cli;

namespace Providers.Host.Tests.Plugins;

/// <summary>
/// <c>plugin.json</c> variants in a copy of the Echo test plugin (folder <c>Echo</c>), each seen through the real
/// command line: the status and reason in <c>host providers --json</c> and <c>host plugins --json</c>, and the exit codes.
/// </summary>
public sealed class PluginManifestTests : IDisposable
{
    private const string EchoEntry = "Providers.TestPlugins.Echo.dll";
    private const string GoodManifest = """
        { "name": "Echo", "version": "3.1.4", "abi": 2, "entry": "Providers.TestPlugins.Echo.dll", "description": "Says it back." }
        """;

    private readonly TempPluginsFolder _folder = new TempPluginsFolder().Add(TestPaths.TestPlugin("EchoPlugin"), "Echo");

    public void Dispose() => _folder.Dispose();

    private string EchoFolder => Path.Combine(_folder.PluginsDirectory, "Echo");

    private void WriteManifest(string json) => File.WriteAllText(Path.Combine(EchoFolder, PluginManifest.FileName), json);

    public static TheoryData<string?, string, string?> Variants => new()
    {
        // No manifest: today's rules pick the entry from the folder's only .deps.json.
        { null, "Active", null },
        { GoodManifest, "Active", null },
        { """{ "name": "Echo", "version": "1.0.0", "abi": 1, "entry": "Providers.TestPlugins.Echo.dll" }""", "NotSupported", "plugin.json says abi 1; this host implements 2" },
        { """{ "name": "Echo", "abi": 2,""", "Malfunctioned",
            "plugin.json: malformed JSON at line 1, column 27: Expected start of a property name or value, but instead reached end of data." },
        { """{ "name": "Echo", "version": "1.0.0", "abi": 2 }""", "Malfunctioned", "plugin.json has no \"entry\": set it to the main assembly's file name" },
        { """{ "name": "Echo", "abi": 2, "entry": "" }""", "Malfunctioned", "plugin.json has no \"entry\": set it to the main assembly's file name" },
        { """{ "name": "Echo", "abi": 2, "entry": "Providers.TestPlugins.Missing.dll" }""", "Malfunctioned",
            "plugin.json names entry Providers.TestPlugins.Missing.dll, which is missing" },
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task ProvidersAndPluginsJson_ManifestVariant_SameStatusAndReasonInBoth(string? manifest, string status, string? error)
    {
        if (manifest is not null)
        {
            WriteManifest(manifest);
        }

        var providers = await CliRunner.RunAsync("providers", "--json", "--config", _folder.ConfigPath);
        var plugins = await CliRunner.RunAsync("plugins", "--json", "--config", _folder.ConfigPath);

        Assert.Equal((0, 0), (providers.ExitCode, plugins.ExitCode));
        using var providersJson = JsonDocument.Parse(providers.StdOut);
        var provider = Assert.Single(providersJson.RootElement.EnumerateArray());
        Assert.Equal(("Echo", status, error), (provider.GetProperty("name").GetString(), provider.GetProperty("status").GetString(), provider.GetProperty("error").GetString()));
        using var pluginsJson = JsonDocument.Parse(plugins.StdOut);
        var plugin = Assert.Single(pluginsJson.RootElement.EnumerateArray());
        Assert.Equal(("Echo", status, error), (plugin.GetProperty("folder").GetString(), plugin.GetProperty("status").GetString(), plugin.GetProperty("error").GetString()));
        string[] expectedLog = status switch
        {
            "Active" => [],
            "NotSupported" => [$"host: warn: Plugin Echo in {EchoFolder} is not supported: {error}"],
            _ => [$"host: error: Provider Echo from {EchoFolder} malfunctioned: {error}"],
        };
        Assert.Equal(expectedLog, providers.StdErrLines);
        Assert.Equal(expectedLog, plugins.StdErrLines);
    }

    [Fact]
    public async Task PluginsJson_GoodManifest_ShowsItsFieldsTypesAndInstances()
    {
        WriteManifest(GoodManifest);

        var result = await CliRunner.RunAsync("plugins", "--json", "--config", _folder.ConfigPath);

        Assert.Equal((0, ""), (result.ExitCode, result.StdErr));
        Assert.Equal($$"""
            [
              {
                "folder": "Echo",
                "path": "{{Json(EchoFolder)}}",
                "name": "Echo",
                "version": "3.1.4",
                "abi": 2,
                "description": "Says it back.",
                "entry": "Providers.TestPlugins.Echo.dll",
                "status": "Active",
                "error": null,
                "provider_types": [
                  "Echo"
                ],
                "instances": [
                  {
                    "name": "Echo",
                    "type": "Echo",
                    "status": "Active",
                    "error": null
                  }
                ]
              }
            ]

            """, result.StdOut);
    }

    [Fact]
    public async Task PluginsJson_NoManifest_FieldsComeFromTheLoadedAssembly()
    {
        var result = await CliRunner.RunAsync("plugins", "--json", "--config", _folder.ConfigPath);

        Assert.Equal((0, ""), (result.ExitCode, result.StdErr));
        using var document = JsonDocument.Parse(result.StdOut);
        var plugin = Assert.Single(document.RootElement.EnumerateArray());
        Assert.Equal("Providers.TestPlugins.Echo", plugin.GetProperty("name").GetString());
        Assert.Equal("0.1.0", plugin.GetProperty("version").GetString());
        Assert.Equal(ProviderAbi.Version, plugin.GetProperty("abi").GetInt32());
        Assert.Equal(JsonValueKind.Null, plugin.GetProperty("description").ValueKind);
        Assert.Equal(EchoEntry, plugin.GetProperty("entry").GetString());
    }

    [Fact]
    public async Task PluginsJson_WrongAbi_ManifestFieldsShownNoTypesNoInstances()
    {
        WriteManifest("""{ "name": "Echo", "version": "9.0.0", "abi": 1, "entry": "Providers.TestPlugins.Echo.dll", "description": "old" }""");

        var plugins = await CliRunner.RunAsync("plugins", "--json", "--config", _folder.ConfigPath);
        var providers = await CliRunner.RunAsync("providers", "--json", "--config", _folder.ConfigPath);

        using var document = JsonDocument.Parse(plugins.StdOut);
        var plugin = Assert.Single(document.RootElement.EnumerateArray());
        Assert.Equal(("Echo", "9.0.0", 1, "old", EchoEntry),
            (plugin.GetProperty("name").GetString(), plugin.GetProperty("version").GetString(), plugin.GetProperty("abi").GetInt32(),
             plugin.GetProperty("description").GetString(), plugin.GetProperty("entry").GetString()));
        Assert.Empty(plugin.GetProperty("provider_types").EnumerateArray());
        Assert.Empty(plugin.GetProperty("instances").EnumerateArray());
        // Nothing was loaded: the listing's plugin is the folder, its version the manifest's.
        using var listed = JsonDocument.Parse(providers.StdOut);
        var entry = Assert.Single(listed.RootElement.EnumerateArray()).GetProperty("plugin");
        Assert.Equal((EchoFolder, "9.0.0"), (entry.GetProperty("path").GetString(), entry.GetProperty("version").GetString()));
    }

    [Fact]
    public async Task ProvidersJson_WrongAbiWithGarbageEntry_NotSupportedBecauseTheEntryIsNeverOpened()
    {
        _folder.AddGarbage("Future");
        File.WriteAllText(Path.Combine(_folder.PluginsDirectory, "Future", PluginManifest.FileName), """{ "abi": 3, "entry": "Garbage.dll" }""");

        var result = await CliRunner.RunAsync("providers", "--json", "--config", _folder.ConfigPath);

        Assert.Equal(0, result.ExitCode);
        // Had the host opened Garbage.dll, the reason would be "Bad IL format".
        Assert.Equal([("Echo", "Active", null), ("Future", "NotSupported", "plugin.json says abi 3; this host implements 2")], StatusesOf(result.StdOut));
    }

    [Fact]
    public async Task ProvidersJson_ManifestOfAnotherAbiWithKeysThisHostDoesNotKnow_NotSupportedRatherThanMalformed()
    {
        WriteManifest("""{ "abi": 3, "entrypoints": ["a.dll"], "homepage": "https://example.com" }""");

        var result = await CliRunner.RunAsync("providers", "--json", "--config", _folder.ConfigPath);

        Assert.Equal([("Echo", "NotSupported", "plugin.json says abi 3; this host implements 2")], StatusesOf(result.StdOut));
    }

    [Fact]
    public async Task ProvidersJson_EntryNamesTheAssemblyTheFolderRulesCannotChoose_Active()
    {
        // Two .dll files and no .deps.json: without a manifest no main assembly could be chosen.
        File.Delete(Path.Combine(EchoFolder, "Providers.TestPlugins.Echo.deps.json"));
        File.Copy(Path.Combine(EchoFolder, EchoEntry), Path.Combine(EchoFolder, "Other.dll"));
        var withoutManifest = await CliRunner.RunAsync("providers", "--json", "--config", _folder.ConfigPath);
        WriteManifest("""{ "abi": 2, "entry": "Providers.TestPlugins.Echo.dll" }""");

        var withManifest = await CliRunner.RunAsync("providers", "--json", "--config", _folder.ConfigPath);

        Assert.Equal(
            [("Echo", "Malfunctioned", "cannot tell the main assembly among 2 .dll files: ship one .deps.json or name it Echo.dll")],
            StatusesOf(withoutManifest.StdOut));
        Assert.Equal([("Echo", "Active", null)], StatusesOf(withManifest.StdOut));
    }

    [Theory]
    [InlineData("""{ "abi": 2, "entry": "Providers.TestPlugins.Echo.dll", "homepage": "x" }""",
        "plugin.json: unknown key \"homepage\" (expected name, version, abi, entry, description)")]
    [InlineData("""{ "abi": "2", "entry": "Providers.TestPlugins.Echo.dll" }""", "plugin.json: \"abi\" must be an integer")]
    [InlineData("""{ "abi": 2.5, "entry": "Providers.TestPlugins.Echo.dll" }""", "plugin.json: \"abi\" must be an integer")]
    [InlineData("""{ "abi": 2, "entry": 5 }""", "plugin.json: \"entry\" must be a string")]
    [InlineData("""{ "abi": 4294967298, "entry": "Providers.TestPlugins.Echo.dll" }""", "plugin.json: \"abi\" must be an integer")]
    [InlineData("""{ "abi": 2, "entry": "Providers.TestPlugins.Echo.dll", "name": "\uD800" }""", "plugin.json: \"name\" must be a string")]
    [InlineData("""{ "abi": 2, "entry": "Providers.TestPlugins.Echo.dll", "Name": "Echo" }""",
        "plugin.json: unknown key \"Name\" (expected name, version, abi, entry, description)")]
    [InlineData("""{ "abi": 2, "abi": 2, "entry": "Providers.TestPlugins.Echo.dll" }""", "plugin.json: \"abi\" is given twice")]
    [InlineData("""{ "name": "Echo", "entry": "Providers.TestPlugins.Echo.dll" }""",
        "plugin.json has no \"abi\": set it to the ProviderAbi.Version the plugin was built against (2)")]
    [InlineData("""{ "abi": 2, "entry": "../Echo/Providers.TestPlugins.Echo.dll" }""",
        "plugin.json: \"entry\" must be a file name in the plugin folder, got \"../Echo/Providers.TestPlugins.Echo.dll\"")]
    [InlineData("""["Providers.TestPlugins.Echo.dll"]""", "plugin.json: expected a JSON object with the keys name, version, abi, entry, description")]
    [InlineData(" \n", "plugin.json is empty")]
    [InlineData("""{ "abi": 2, "entry": "Providers.TestPlugins.Echo.dll", }""",
        "plugin.json: malformed JSON at line 1, column 56: The JSON object contains a trailing comma at the end which is not supported in this mode. Change the reader options.")]
    public async Task ProvidersJson_StrictManifest_EachMistakeIsOneLineNamingTheFile(string manifest, string error)
    {
        WriteManifest(manifest);

        var result = await CliRunner.RunAsync("providers", "--json", "--config", _folder.ConfigPath);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal([("Echo", "Malfunctioned", error)], StatusesOf(result.StdOut));
    }

    [Fact]
    public async Task ProvidersJson_HugeManifest_RefusedWithoutReadingItAll()
    {
        WriteManifest("{ \"description\": \"" + new string('x', 70 * 1024) + "\" }");

        var result = await CliRunner.RunAsync("providers", "--json", "--config", _folder.ConfigPath);

        Assert.Equal([("Echo", "Malfunctioned", "plugin.json is larger than 65536 bytes, the most read")], StatusesOf(result.StdOut));
    }

    [Fact]
    public async Task ProvidersJson_ManifestIsAFolder_Malfunctioned()
    {
        Directory.CreateDirectory(Path.Combine(EchoFolder, PluginManifest.FileName));

        var result = await CliRunner.RunAsync("providers", "--json", "--config", _folder.ConfigPath);

        Assert.Equal([("Echo", "Malfunctioned", "plugin.json is a folder, not a file")], StatusesOf(result.StdOut));
    }

    [Fact]
    public async Task Plugins_InvalidConfiguration_ExitsTwoWithOneLine()
    {
        _folder.WriteConfig("""{ "pluginsPath": "plugins", "pluginPath": "typo" }""");

        var result = await CliRunner.RunAsync("plugins", "--json", "--config", _folder.ConfigPath);

        Assert.Equal((2, ""), (result.ExitCode, result.StdOut));
        Assert.Equal(
            [$"host: {_folder.ConfigPath}: pluginPath: unknown key (expected pluginsPath, providers, aliases, routing, serve)"],
            result.StdErrLines);
    }

    [Fact]
    public async Task Plugins_UnknownOption_ExitsTwo()
    {
        var result = await CliRunner.RunAsync("plugins", "--yaml", "--config", _folder.ConfigPath);

        Assert.Equal((2, ""), (result.ExitCode, result.StdOut));
        Assert.Equal(["host: Unrecognized command or argument '--yaml'.", "Run 'host --help' for usage."], result.StdErrLines);
    }

    private static (string? Name, string? Status, string? Error)[] StatusesOf(string providersJson)
    {
        using var document = JsonDocument.Parse(providersJson);
        return [.. document.RootElement.EnumerateArray().Select(p =>
            (p.GetProperty("name").GetString(), p.GetProperty("status").GetString(), p.GetProperty("error").GetString()))];
    }

    private static string Json(string text) =>
        JsonEncodedText.Encode(text, System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString();
}
