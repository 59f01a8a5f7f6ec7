using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Providers.Host.Cli;
using Providers.Host.Configuration;
using Providers.Host.Hosting;
using Providers.Host.Plugins;
using Providers.Host.Server;
using Providers.Host.Tests.Fakes;

namespace Providers.Host.Tests.Cli;

public sealed class ServeCommandTests : IDisposable
{
    private readonly TempPluginsFolder _folder = new();

    public ServeCommandTests()
    {
        _folder.AddTestPlugin("EchoPlugin");
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Serve_MalformedUrls_ExitsTwoWithOneLine()
    {
        var result = await CliRunner.RunAsync([new ServeCommand()], ["serve", "--config", _folder.ConfigPath, "--urls", "not a url"]);

        Assert.Equal((2, ""), (result.ExitCode, result.StdOut));
        var line = Assert.Single(result.StdErrLines);
        Assert.StartsWith("host serve: invalid --urls 'not a url': ", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--max-concurrent-requests", "0", "host: --max-concurrent-requests: expected a whole number of at least 1.")]
    [InlineData("--max-queued-requests", "-1", "host: --max-queued-requests: expected a whole number of at least 0.")]
    public async Task Serve_CapBelowItsMinimum_ExitsTwoNamingTheOption(string option, string value, string expected)
    {
        var result = await CliRunner.RunAsync([new ServeCommand()], ["serve", "--config", _folder.ConfigPath, option, value]);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(expected, result.StdErrLines[0]);
    }

    [Fact]
    public async Task Serve_BadConfig_ExitsTwoBeforeBinding()
    {
        _folder.WriteConfig("""{ "pluginsPath": "plugins", "bogus": 1 }""");

        var result = await CliRunner.RunAsync([new ServeCommand()], ["serve", "--config", _folder.ConfigPath, "--urls", "http://127.0.0.1:0"]);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"host: {_folder.ConfigPath}: bogus: unknown key", Assert.Single(result.StdErrLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_UrlsOnABusyPort_ExitsOneWithOneLine()
    {
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((IPEndPoint)occupant.LocalEndpoint).Port;

        var result = await CliRunner.RunAsync([new ServeCommand()], ["serve", "--config", _folder.ConfigPath, "--urls", $"http://127.0.0.1:{port}"]);

        Assert.Equal((1, ""), (result.ExitCode, result.StdOut));
        Assert.StartsWith($"host serve: cannot listen on http://127.0.0.1:{port}: ", Assert.Single(result.StdErrLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_Interrupted_StopsAndReturns130()
    {
        var options = new ServerOptions { Urls = "http://127.0.0.1:0" };
        var builder = ServerApp.CreateBuilder(options);
        builder.Services.AddHostCore(TextWriter.Null, LogLevel.Warning, new RoutingOptions())
            .AddSingleton<IProviderCatalog>(FakeCatalog.Of(FakeProvider.Create("Fake", ["fake-1"])));
        using var cts = new CancellationTokenSource();
        var run = ServeCommand.RunAsync(ServerApp.Build(builder), options, TextWriter.Null, cts.Token);

        await cts.CancelAsync();

        Assert.Equal(130, await run.WaitAsync(TimeSpan.FromSeconds(30)));
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
