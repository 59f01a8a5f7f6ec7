using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using Providers.Host.Tests.Cli;

namespace Providers.Host.Tests.Hostile;

/// <summary>Whatever plugins.json holds, <c>host providers --json</c> exits 0 or 2 (a clear config error), never 1.</summary>
/// <remarks>Bounded by iterations; a failure prints CsCheck's seed, which reproduces it when passed as <c>seed:</c>.</remarks>
public sealed class ConfigFileFuzzTests : IDisposable
{
    private readonly TempPluginsFolder _folder = new();

    public ConfigFileFuzzTests()
    {
        _folder.AddTestPlugin("EchoPlugin");
    }

    public void Dispose() => _folder.Dispose();

    private static readonly Gen<JsonNode?> Value = Gen.OneOf(
        Gen.Const((JsonNode?)null),
        Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b)),
        Gen.Int[-5, 100_000].Select(i => (JsonNode?)JsonValue.Create(i)),
        Gen.OneOf("", " ", "plugins", "echo-1", "Echo", "http://127.0.0.1:9/x", "ftp://x", "fast", "x")
            .Select(s => (JsonNode?)JsonValue.Create(s)),
        Gen.Const((JsonNode?)new JsonArray("a", 1)),
        Gen.Const((JsonNode?)new JsonObject { ["a"] = "b" }));

    private static readonly Gen<string> Key = Gen.OneOf(
        "pluginsPath", "providers", "aliases", "routing", "Echo", "enabled", "priority", "timeoutSeconds", "apiEndpoint",
        "maxRetries", "cooldownSeconds", "fast", "", "x");

    private static readonly Gen<JsonNode?> Section = Gen.Recursive<JsonNode?>((depth, self) => depth >= 3
        ? Value
        : Gen.OneOf(Value, Gen.Select(Key, self).List[0, 4].Select(pairs =>
        {
            var json = new JsonObject();
            foreach (var (key, value) in pairs)
            {
                json[key] = value?.DeepClone();
            }

            return (JsonNode?)json;
        })));

    private static readonly Gen<string> Config = Gen.OneOf(
        Section.Select(s => s?.ToJsonString() ?? "null"),
        Gen.Select(Section, Gen.Int[0, 1000], Gen.Char).Select((s, at, ch) =>
        {
            var text = s?.ToJsonString() ?? "{}";
            var i = at % text.Length;
            return string.Concat(text.AsSpan(0, i), ch.ToString(), text.AsSpan(i + 1));
        }),
        Gen.String[0, 30]);

    [Fact]
    public async Task Providers_AnyConfigFile_ExitsZeroOrTwo()
    {
        var path = Path.Combine(_folder.Root, "fuzz.json");

        await Config.SampleAsync(async json =>
        {
            await File.WriteAllTextAsync(path, json, Encoding.UTF8);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

            var result = await CliRunner.RunAsync(["providers", "--json", "--config", path, "--plugins", _folder.PluginsDirectory], timeout.Token);

            Assert.True(result.ExitCode is 0 or 2, $"exit {result.ExitCode} for {json}: {result.StdErr}");
            if (result.ExitCode == 2)
            {
                Assert.Single(result.StdErrLines);
            }
        }, iter: 150, threads: 1);
    }
}
