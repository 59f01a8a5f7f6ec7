using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Providers.Host.Configuration;

namespace Providers.Host.Tests.Configuration;

public sealed class IndexedJsonStreamConfigurationProviderTests
{
    private const string _json = """
        {
          "pluginsPath": "plugins",
          "providers": { "AllenAI": { "enabled": true, "modelHosts": { "tulu3-405b": "inferd" } }, "Local": { "priority": 2 } },
          "aliases": { "fast": "AllenAI/tulu-3-1-8b", "smart": ["Local/llama", "AllenAI/tulu3-405b"], "10": "x", "9": "y", "": "z" },
          "routing": { "maxRetries": 1 }
        }
        """;

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("aliases")]
    [InlineData("ALIASES")]
    [InlineData("aliases:smart")]
    [InlineData("aliases:fast")]
    [InlineData("providers")]
    [InlineData("providers:allenai")]
    [InlineData("providers:AllenAI:modelHosts")]
    [InlineData("missing")]
    public void GetChildKeys_AnswersExactlyAsTheJsonProviderDoes(string? path)
    {
        var indexed = Load(new IndexedJsonStreamConfigurationSource { Stream = Utf8(_json) });
        var plain = Load(new JsonStreamConfigurationSource { Stream = Utf8(_json) });
        string[] earlier = ["earlier", "2"];

        Assert.Equal(plain.GetChildKeys(earlier, path).Distinct(StringComparer.OrdinalIgnoreCase),
            indexed.GetChildKeys(earlier, path).Distinct(StringComparer.OrdinalIgnoreCase));
    }

    [Fact]
    public void Set_NewKey_IsListedUnderItsParent()
    {
        var indexed = Load(new IndexedJsonStreamConfigurationSource { Stream = Utf8(_json) });

        indexed.Set("aliases:added:0", "m");

        Assert.Contains("added", indexed.GetChildKeys([], "aliases"));
        Assert.Equal(["0"], indexed.GetChildKeys([], "aliases:added"));
    }

    [Fact]
    public void Load_ConfigFile_IsReadThroughTheIndexedProvider()
    {
        using var folder = new TempPluginsFolder();
        folder.WriteConfig("""{ "pluginsPath": "plugins", "aliases": { "smart": ["a", "b"], "fast": "c" } }""");

        var loaded = HostConfigurationLoader.Load(new HostSettings(folder.ConfigPath));

        Assert.IsType<IndexedJsonStreamConfigurationProvider>(loaded.Root.Providers.First());
        Assert.Equal(["a", "b"], loaded.Aliases["smart"]);
        Assert.Equal(["c"], loaded.Aliases["fast"]);
    }

    private static IConfigurationProvider Load(IConfigurationSource source)
    {
        var provider = source.Build(new ConfigurationBuilder());
        provider.Load();
        return provider;
    }

    private static MemoryStream Utf8(string text) => new(Encoding.UTF8.GetBytes(text));
}
