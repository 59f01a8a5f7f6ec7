using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Providers.Host.Cli;
using Providers.Host.Configuration;
using Providers.Host.Hosting;
using Providers.Host.Plugins;
using Providers.Host.Server;
using Providers.Host.Tests.Cli;
using Providers.Host.Tests.Fakes;

namespace Providers.Host.Tests.Hostile;

/// <summary>Auth is never off by accident: blank keys refuse to start, exposure without a key needs consent, and the start says which.</summary>
public sealed class ServeSafetyTests
{
    [Theory]
    [InlineData("", "host serve: --api-key is set but blank; give a key, or leave it unset to serve without one")]
    [InlineData("   ", "host serve: --api-key is set but blank; give a key, or leave it unset to serve without one")]
    public async Task Serve_BlankApiKeyOption_ExitsTwoWithOneLine(string key, string expected)
    {
        // No --config: a blank key is refused before plugins.json is read.
        var result = await CliRunner.RunAsync([new ServeCommand()], ["serve", "--api-key", key]);

        Assert.Equal((2, expected), (result.ExitCode, result.StdErr.TrimEnd()));
    }

    [Fact]
    public async Task Serve_EmptyApiKeyVariable_ExitsTwoWithOneLine()
    {
        var result = await CliRunner.RunProcessAsync(new Dictionary<string, string> { [ServeCommand.ApiKeyVariable] = "" }, "serve");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(["host serve: PROVIDERS_API_KEY is set but blank; give a key, or leave it unset to serve without one"], result.StdErrLines);
    }

    [Theory]
    [InlineData("http://0.0.0.0:1")]
    [InlineData("http://*:1")]
    [InlineData("http://[::]:1")]
    [InlineData("http://127.0.0.1:1;http://example.org:1")]
    public async Task RunAsync_BeyondLoopbackWithoutKey_RefusesWithExitTwo(string urls)
    {
        using var stderr = new StringWriter();

        var exitCode = await ServeCommand.RefuseAsync(new ServerOptions { Urls = urls }, stderr);

        Assert.Equal(2, exitCode);
        Assert.Equal(
            $"host serve: refusing to serve {urls} beyond loopback without an API key; set PROVIDERS_API_KEY (or --api-key), or pass --allow-unauthenticated",
            stderr.ToString().TrimEnd());
    }

    [Theory]
    [InlineData("http://0.0.0.0:1", "k", false, true)]
    [InlineData("http://0.0.0.0:1", null, true, true)]
    [InlineData("http://localhost:1;http://[::1]:1;http://127.0.0.2:1", null, false, true)]
    [InlineData("http://10.0.0.1:1", null, false, false)]
    public void CheckExposure_KeyConsentOrLoopback_Allows(string urls, string? key, bool allow, bool allowed) =>
        Assert.Equal(allowed, ListenPolicy.CheckExposure(urls, key is not null, allow) is null);

    [Theory]
    [InlineData(null, "(loopback only; no API key)")]
    [InlineData("sk-1", "(loopback only; API key required)")]
    public async Task RunAsync_Started_SaysWhereAndWhetherAKeyIsRequired(string? key, string expected)
    {
        using var stderr = new StringWriter();
        using var stop = new CancellationTokenSource();
        var options = new ServerOptions { Urls = "http://127.0.0.1:0", ApiKey = key };
        var builder = ServerApp.CreateBuilder(options);
        builder.Services.AddHostCore(TextWriter.Null, LogLevel.Warning, new RoutingOptions())
            .AddSingleton<IProviderCatalog>(FakeCatalog.Of(FakeProvider.Create("Fake", ["fake-1"])));
        var run = ServeCommand.RunAsync(ServerApp.Build(builder), options, new SyncWriter(stderr), stop.Token);
        await Poll.UntilAsync(() => Read(stderr).Contains("listening", StringComparison.Ordinal) || run.IsCompleted, "the start-up line");

        await stop.CancelAsync();
        Assert.Equal(130, await run);
        var line = Read(stderr).TrimEnd();
        Assert.Matches(@"^host serve: listening on http://127\.0\.0\.1:\d+ ", line);
        Assert.EndsWith($" {expected} (Ctrl+C to stop)", line, StringComparison.Ordinal);
    }

    private static string Read(StringWriter writer)
    {
        lock (writer)
        {
            return writer.ToString();
        }
    }

    // The server writes from its own thread while the test polls.
    private sealed class SyncWriter(StringWriter inner) : TextWriter
    {
        public override System.Text.Encoding Encoding => inner.Encoding;

        public override void Write(char value)
        {
            lock (inner)
            {
                inner.Write(value);
            }
        }

        public override void Write(string? value)
        {
            lock (inner)
            {
                inner.Write(value);
            }
        }
    }
}
