using Providers.Host.Cli;

namespace Providers.Host.Tests.Cli;

public sealed class ChatUnknownOptionTests : IDisposable
{
    private readonly TempPluginsFolder _folder = new();

    public ChatUnknownOptionTests()
    {
        _folder.AddTestPlugin("EchoPlugin");
    }

    public void Dispose() => _folder.Dispose();

    private Task<CliResult> ChatAsync(params string[] args) =>
        CliRunner.RunAsync(
            [new ChatCommand(() => throw new InvalidOperationException("stdin read"), outputIsTerminal: false)],
            ["chat", "--config", _folder.ConfigPath, .. args]);

    [Fact]
    public async Task Chat_MistypedOption_Exit2NamingItAndNothingSent()
    {
        var result = await ChatAsync("-m", "echo-1", "--temprature", "0.5", "hi");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.StdOut);
        Assert.Contains("Unrecognized option '--temprature'", Assert.Single(result.StdErrLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_MessageStartingWithDashAfterDoubleDash_IsSentAsText()
    {
        var result = await ChatAsync("-m", "echo-1", "--", "-1", "is", "negative");

        Assert.Equal((0, "echo: -1 is negative", ""), (result.ExitCode, result.StdOut, result.StdErr));
    }
}
