using System.Diagnostics;
using Providers.Host.Cli;
using Providers.Host.Tests.Cli;

namespace Providers.Host.Tests.Hostile;

/// <summary>Config and conversation files are read only when regular and of sane size; usage mistakes are one line and exit 2.</summary>
public sealed class HostileFilesTests : IDisposable
{
    private readonly TempPluginsFolder _folder = new();

    public HostileFilesTests()
    {
        _folder.AddTestPlugin("EchoPlugin");
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Config_Fifo_ExitsTwoWithoutOpeningIt()
    {
        var fifo = MakeFifo("config.fifo");

        var result = await CliRunner.RunAsync("providers", "--config", fifo).WaitAsync(TimeSpan.FromSeconds(60));

        AssertUsageError(result, $"host: {fifo}: is not a regular file (a FIFO, socket or device); only regular files are read");
    }

    [Fact]
    public async Task Config_DevZero_ExitsTwo()
    {
        var result = await CliRunner.RunAsync("providers", "--config", "/dev/zero");

        AssertUsageError(result, "host: /dev/zero: is not a regular file (a FIFO, socket or device); only regular files are read");
    }

    [Fact]
    public async Task Config_LargerThan16MiB_ExitsTwo()
    {
        var huge = Path.Combine(_folder.Root, "huge.json");
        await using (var file = File.Create(huge))
        {
            file.SetLength((16 * 1024 * 1024) + 1);
        }

        var result = await CliRunner.RunAsync("providers", "--config", huge);

        AssertUsageError(result, $"host: {huge}: is larger than 16 MiB, the most read");
    }

    [Theory]
    [InlineData("--plugins", "host: --plugins: the path is empty")]
    [InlineData("--config", "host: --config: the path is empty")]
    public async Task EmptyPathOption_ExitsTwoWithOneLine(string option, string expected)
    {
        var result = await CliRunner.RunAsync("providers", option, "");

        AssertUsageError(result, expected);
    }

    [Fact]
    public async Task Chat_ConversationFifo_ExitsTwoBeforeSending()
    {
        var fifo = MakeFifo("conversation.fifo");

        var result = await ChatAsync("--conversation", fifo).WaitAsync(TimeSpan.FromSeconds(60));

        AssertUsageError(result, $"host: {fifo}: is not a regular file (a FIFO, socket or device); only regular files are read");
    }

    [Fact]
    public async Task Chat_ConversationInAMissingFolder_ExitsTwoBeforeSending()
    {
        var path = Path.Combine(_folder.Root, "no-such-folder", "conversation.json");

        var result = await ChatAsync("--conversation", path);

        Assert.Equal((ExitCodes.Usage, ""), (result.ExitCode, result.StdOut));
        var line = Assert.Single(result.StdErrLines);
        Assert.StartsWith($"host: {path}: cannot be written (it is saved after the reply): ", line, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.GetDirectoryName(path)));
    }

    [Fact]
    public async Task Chat_NewConversationInAWritableFolder_LeavesNoProbeBehind()
    {
        var path = Path.Combine(_folder.Root, "conversation.json");

        var result = await ChatAsync("--conversation", path);

        Assert.Equal((0, "echo: hi"), (result.ExitCode, result.StdOut));
        Assert.Equal(["conversation.json"], Directory.GetFiles(_folder.Root, "*conversation*").Select(Path.GetFileName));
    }

    private Task<CliResult> ChatAsync(params string[] args) =>
        CliRunner.RunAsync(
            [new ChatCommand(() => throw new InvalidOperationException("stdin read"), outputIsTerminal: false)],
            ["chat", "--config", _folder.ConfigPath, "-m", "echo-1", .. args, "hi"]);

    private static void AssertUsageError(CliResult result, string expected)
    {
        Assert.Equal((ExitCodes.Usage, ""), (result.ExitCode, result.StdOut));
        Assert.Equal([expected], result.StdErrLines);
    }

    private string MakeFifo(string name)
    {
        var path = Path.Combine(_folder.Root, name);
        using var mkfifo = Process.Start("mkfifo", [path]);
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
        return path;
    }
}
