using Providers.Host.Configuration;

namespace Providers.Host.Tests.Configuration;

public sealed class HostConfigurationLoaderTests : IDisposable
{
    private readonly TempPluginsFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Load_RelativePluginsPath_ResolvesAgainstTheConfigFilesFolder()
    {
        // The config lives in a subfolder, so resolving against the current directory would miss.
        var nested = Directory.CreateDirectory(Path.Combine(_folder.Root, "etc")).FullName;
        var config = Path.Combine(nested, "providers.json");
        File.WriteAllText(config, """{ "pluginsPath": "../plugins" }""");

        var loaded = HostConfigurationLoader.Load(new HostSettings(config));

        Assert.Equal(_folder.PluginsDirectory, loaded.PluginsDirectory);
    }

    [Fact]
    public void Load_PluginsOption_OverridesPluginsPath()
    {
        var other = Directory.CreateDirectory(Path.Combine(_folder.Root, "other")).FullName;
        _folder.WriteConfig("""{ "pluginsPath": "does-not-exist" }""");

        var loaded = HostConfigurationLoader.Load(new HostSettings(_folder.ConfigPath, other));

        Assert.Equal(other, loaded.PluginsDirectory);
    }

    [Fact]
    public void Load_NoRoutingSection_DefaultsThatPassTheirOwnValidation()
    {
        _folder.WriteConfig("""{ "pluginsPath": "plugins" }""");

        var routing = HostConfigurationLoader.Load(new HostSettings(_folder.ConfigPath)).Routing;

        // Without a section nothing is validated, so the defaults must be valid by themselves.
        Assert.Null(OptionsErrors.FirstDataAnnotationFailure(routing));
        Assert.Equal((2, 200, 5_000, 3, 60),
            (routing.MaxRetries, routing.InitialBackoffMilliseconds, routing.MaxBackoffMilliseconds, routing.FailuresBeforeCooldown, routing.CooldownSeconds));
    }

    [Fact]
    public void Load_FullFile_ReadsProvidersAndAliases()
    {
        _folder.WriteConfig("""
            {
              "pluginsPath": "plugins",
              "providers": { "AllenAI": { "enabled": false, "apiEndpoint": "http://127.0.0.1:1/x", "proxy": null, "timeoutSeconds": 30, "priority": -3 } },
              "aliases": { "fast": "AllenAI/tulu-3-1-8b" },
              "routing": { "maxRetries": 0 }
            }
            """);

        var loaded = HostConfigurationLoader.Load(new HostSettings(_folder.ConfigPath));

        Assert.Equal(new ProviderSettings("AllenAI", false, new Uri("http://127.0.0.1:1/x"), -3), loaded.ProviderSettingsFor("allenai"));
        Assert.Equal(["AllenAI/tulu-3-1-8b"], Assert.Single(loaded.Aliases, a => a.Key == "fast").Value);
        Assert.Equal(ProviderSettings.Default("Echo"), loaded.ProviderSettingsFor("Echo"));
    }

    [Theory]
    [InlineData("""{ "plugins": "plugins" }""", "plugins: unknown key (expected pluginsPath, providers, aliases, routing, serve)")]
    [InlineData("""{ "providers": { "AllenAI": { "timeoutSeconds": "abc" } } }""", "providers:AllenAI:timeoutSeconds: expected an integer from 1 to 3600, got \"abc\"")]
    [InlineData("""{ "providers": { "AllenAI": { "timeoutSeconds": 0 } } }""", "providers:AllenAI:timeoutSeconds: expected an integer from 1 to 3600, got \"0\"")]
    [InlineData("""{ "providers": { "AllenAI": { "enabled": 3 } } }""", "providers:AllenAI:enabled: expected true or false, got \"3\"")]
    [InlineData("""{ "providers": { "AllenAI": { "priority": 1.5 } } }""", "providers:AllenAI:priority: expected an integer, got \"1.5\"")]
    [InlineData("""{ "providers": { "AllenAI": { "apiEndpoint": "olmo-api" } } }""", "providers:AllenAI:apiEndpoint: expected an absolute http(s) URL, got \"olmo-api\"")]
    [InlineData("""{ "providers": { "AllenAI": { "proxy": { "host": "x" } } } }""", "providers:AllenAI:proxy: expected an absolute http(s) URL, got an object")]
    [InlineData("""{ "providers": { "AllenAI": { "proxy": "socks5://alice:s3cret@proxy:1080" } } }""", "providers:AllenAI:proxy: expected an absolute http(s) URL, got \"socks5://***@proxy:1080\"")]
    [InlineData("""{ "providers": { "AllenAI": true } }""", "providers:AllenAI: expected an object, got \"True\"")]
    [InlineData("""{ "providers": [ 1 ] }""", "providers:0: expected an object, got \"1\"")]
    [InlineData("""{ "aliases": { "fast": { "id": "x" } } }""", "aliases:fast: expected a model name, got an object")]
    [InlineData("""{ "aliases": { "fast": "" } }""", "aliases:fast: expected a model name, got an empty value")]
    [InlineData("""{ "routing": { "maxRetries": 11 } }""", "routing:maxRetries: The field MaxRetries must be between 0 and 10.")]
    [InlineData("""{ "routing": { "maxRetries": "many" } }""", "routing:maxRetries: expected an integer, got \"many\"")]
    [InlineData("""{ "routing": { "retries": 1 } }""", "routing:retries: unknown key")]
    [InlineData("""{ "pluginsPath": { "a": 1 } }""", "pluginsPath: expected a folder path, got an object")]
    public void Load_BadKey_ThrowsOneLineNamingFileAndKey(string json, string expected)
    {
        _folder.WriteConfig(json);

        var error = Assert.Throws<HostConfigurationException>(() => HostConfigurationLoader.Load(new HostSettings(_folder.ConfigPath)));

        Assert.Equal($"{_folder.ConfigPath}: {expected}", error.Message);
    }

    [Fact]
    public void Load_MissingPluginsFolder_NamesTheKeyAndTheFolder()
    {
        _folder.WriteConfig("""{ "pluginsPath": "nowhere" }""");

        var error = Assert.Throws<HostConfigurationException>(() => HostConfigurationLoader.Load(new HostSettings(_folder.ConfigPath)));

        Assert.Equal($"{_folder.ConfigPath}: pluginsPath: folder not found: {Path.Combine(_folder.Root, "nowhere")}", error.Message);
    }

    [Fact]
    public void Load_MissingPluginsOptionFolder_NamesTheOption()
    {
        var missing = Path.Combine(_folder.Root, "nowhere");

        var error = Assert.Throws<HostConfigurationException>(() => HostConfigurationLoader.Load(new HostSettings(_folder.ConfigPath, missing)));

        Assert.Equal($"--plugins: folder not found: {missing}", error.Message);
    }

    [Fact]
    public void Load_MalformedJson_NamesFileLineAndColumn()
    {
        _folder.WriteConfig("{\n  \"pluginsPath\": \"plugins\",\n  \"providers\": }\n");

        var error = Assert.Throws<HostConfigurationException>(() => HostConfigurationLoader.Load(new HostSettings(_folder.ConfigPath)));

        Assert.Equal($"{_folder.ConfigPath}: malformed JSON at line 3, column 16: '}}' is an invalid start of a value.", error.Message);
    }

    [Fact]
    public void Load_MissingConfigFile_NamesIt()
    {
        var missing = Path.Combine(_folder.Root, "missing.json");

        var error = Assert.Throws<HostConfigurationException>(() => HostConfigurationLoader.Load(new HostSettings(missing)));

        Assert.Equal($"{missing}: file not found", error.Message);
    }
}
