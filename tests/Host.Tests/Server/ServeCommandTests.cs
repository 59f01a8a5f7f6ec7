using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Providers.Host.Plugins;
using Providers.Host.Server;
using Providers.Host.Tests.Fakes;

namespace Providers.Host.Tests.Server;

public sealed class ServeCommandTests
{
    [Fact]
    public async Task Invoke_UrlsOnABusyPort_Returns1WithOneLineOnStandardError()
    {
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((IPEndPoint)occupant.LocalEndpoint).Port;
        using var stderr = new StringWriter();
        var command = ServeCommand.Create(_ => Services(), stderr);

        var exitCode = await command.Parse(["--urls", $"http://127.0.0.1:{port}"]).InvokeAsync();

        Assert.Equal(1, exitCode);
        Assert.StartsWith($"host serve: cannot listen on http://127.0.0.1:{port}: ", stderr.ToString(), StringComparison.Ordinal);
        Assert.Single(stderr.ToString().TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task RunAsync_Interrupted_StopsAndReturns130()
    {
        using var cts = new CancellationTokenSource();
        var run = ServeCommand.RunAsync(Services(), new ServerOptions { Urls = "http://127.0.0.1:0" }, TextWriter.Null, cts.Token);

        await cts.CancelAsync();

        Assert.Equal(130, await run.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    private static ServiceProvider Services() => new ServiceCollection()
        .AddSingleton<IProviderCatalog>(FakeCatalog.Of(FakeProvider.Create("Fake", ["fake-1"])))
        .BuildServiceProvider();
}
