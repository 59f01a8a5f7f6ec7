using Providers.Host.Cli;

namespace Providers.Host.Tests.Cli;

public sealed class ServeHostCommandTests : IDisposable
{
    private readonly TempPluginsFolder _folder = new();

    public ServeHostCommandTests()
    {
        _folder.AddTestPlugin("EchoPlugin");
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Serve_MalformedUrls_ExitsTwoWithOneLine()
    {
        var result = await CliRunner.RunAsync([new ServeHostCommand()], ["serve", "--config", _folder.ConfigPath, "--urls", "not a url"]);

        Assert.Equal((2, ""), (result.ExitCode, result.StdOut));
        var line = Assert.Single(result.StdErrLines);
        Assert.StartsWith("host serve: invalid --urls 'not a url': ", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_BadConfig_ExitsTwoBeforeBinding()
    {
        _folder.WriteConfig("""{ "pluginsPath": "plugins", "bogus": 1 }""");

        var result = await CliRunner.RunAsync([new ServeHostCommand()], ["serve", "--config", _folder.ConfigPath, "--urls", "http://127.0.0.1:0"]);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"host: {_folder.ConfigPath}: bogus: unknown key", Assert.Single(result.StdErrLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiKeyVariable_IsNotAConfigurationKey_AndNeverPrinted()
    {
        var environment = new Dictionary<string, string> { ["PROVIDERS_API_KEY"] = "sk-test-secret-4711" };

        var result = await CliRunner.RunProcessAsync(environment, "providers", "--config", _folder.ConfigPath);

        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain("sk-test-secret-4711", result.StdOut + result.StdErr, StringComparison.Ordinal);
    }
}
