using System.CommandLine;
using System.Net;
using Providers.Abstractions;
using Providers.Host.Cli;

namespace Providers.Host.Tests.Cli;

public sealed class HostCommandLineTests : IDisposable
{
    private readonly TempPluginsFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Run_UnknownOption_ExitsTwoWithOneErrorAndAHint()
    {
        var result = await CliRunner.RunAsync("providers", "--bogus");

        Assert.Equal((2, ""), (result.ExitCode, result.StdOut));
        Assert.Equal(["host: Unrecognized command or argument '--bogus'.", "Run 'host --help' for usage."], result.StdErrLines);
    }

    [Fact]
    public async Task Run_UnknownCommand_ExitsTwo()
    {
        var result = await CliRunner.RunAsync("frobnicate");

        Assert.Equal((2, ""), (result.ExitCode, result.StdOut));
        Assert.Contains("host: Unrecognized command or argument 'frobnicate'.", result.StdErrLines);
    }

    [Fact]
    public async Task Run_NoCommand_ExitsTwo()
    {
        var result = await CliRunner.RunAsync();

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(["host: Required command was not provided.", "Run 'host --help' for usage."], result.StdErrLines);
    }

    [Fact]
    public async Task Run_Help_ExitsZeroListingCommandsAndGlobalOptions()
    {
        var result = await CliRunner.RunAsync("--help");

        Assert.Equal((0, ""), (result.ExitCode, result.StdErr));
        foreach (var expected in (string[])["providers", "models", "--config <FILE>", "--plugins <DIR>", "--version"])
        {
            Assert.Contains(expected, result.StdOut, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Run_Version_ExitsZeroPrintingTheVersion()
    {
        var result = await CliRunner.RunAsync("--version");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("0.1.0\n", result.StdOut);
    }

    [Theory]
    [InlineData("""{ "pluginsPath": "plugins", "colour": "blue" }""", "colour: unknown key (expected pluginsPath, providers, aliases, routing, serve)")]
    [InlineData("""{ "pluginsPath": "plugins", "providers": { "AllenAI": { "timeoutSeconds": "abc" } } }""", "providers:AllenAI:timeoutSeconds: expected an integer from 1 to 3600, got \"abc\"")]
    [InlineData("""{ "pluginsPath": "plugins", "providers": { "AllenAI": { "enabled": 3 } } }""", "providers:AllenAI:enabled: expected true or false, got \"3\"")]
    [InlineData("""{ "pluginsPath": "plugins", "providers": { "AllenAI": { "protocl": "auto" } } }""", "providers:AllenAI:protocl: unknown key")]
    [InlineData("""{ "pluginsPath": "plugins", "providers": { "AllenAI": { "modelHosts": ["a"] } } }""", "providers:AllenAI:modelHosts: expected an object, got a list")]
    [InlineData("""{ "pluginsPath": "plugins", "aliases": { "": "x" } }""", "aliases: an alias name is empty (the one for \"x\")")]
    [InlineData("""{ "pluginsPath": "plugins", "aliases": { "fast": 5 } }""", "aliases:fast: expected a model name, got 5")]
    [InlineData("""{ "pluginsPath": "plugins", "aliases": { "fast": true } }""", "aliases:fast: expected a model name, got true")]
    [InlineData("""{ "pluginsPath": "plugins", "aliases": { "fast": [] } }""", "aliases:fast: expected a model name or an array of them, got an empty value")]
    [InlineData("""{ "pluginsPath": "plugins", "aliases": { "fast": ["a", 5] } }""", "aliases:fast:1: expected a model name, got 5")]
    [InlineData("""{ "pluginsPath": "plugins", "aliases": { "fast": ["a", ""] } }""", "aliases:fast:1: expected a model name, got an empty value")]
    [InlineData("""{ "pluginsPath": "plugins", "aliases": { "fast": ["a", ["b"]] } }""", "aliases:fast:1: expected a model name, got a list")]
    [InlineData("""{ "pluginsPath": "plugins" """, "malformed JSON at line 1, column 28: Expected depth to be zero at the end of the JSON payload. There is an open JSON object or array that should be closed.")]
    public async Task Run_BadConfig_ExitsTwoWithOneLineNamingFileAndKey(string json, string expected)
    {
        _folder.AddAllenAI();
        _folder.WriteConfig(json);

        foreach (var command in (string[])["providers", "models"])
        {
            var result = await CliRunner.RunAsync(command, "--config", _folder.ConfigPath);

            Assert.Equal((2, ""), (result.ExitCode, result.StdOut));
            Assert.Equal([$"host: {_folder.ConfigPath}: {expected}"], result.StdErrLines);
        }
    }

    [Fact]
    public async Task Run_MissingPluginsFolder_ExitsTwoNamingTheKey()
    {
        _folder.WriteConfig("""{ "pluginsPath": "gone" }""");

        var result = await CliRunner.RunAsync("providers", "--json", "--config", _folder.ConfigPath);

        Assert.Equal((2, ""), (result.ExitCode, result.StdOut));
        Assert.Equal([$"host: {_folder.ConfigPath}: pluginsPath: folder not found: {Path.Combine(_folder.Root, "gone")}"], result.StdErrLines);
    }

    [Fact]
    public async Task Run_OutputGoneAtTheFinalFlush_ExitsOneWithOneLine_AndNeverFlushesAsynchronously()
    {
        using var output = new ReaderGoneWriter();
        using var error = new StringWriter();

        var exitCode = await HostCommandLine.RunAsync(["providers", "--json", "--config", _folder.ConfigPath], output, error);

        Assert.Equal(1, exitCode);
        Assert.Equal($"host: standard output was closed; stopped reading the reply{Environment.NewLine}", error.ToString());
        Assert.Equal((1, 0), (output.Flushes, output.AsynchronousFlushes));
    }

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task Run_CommandFails_MapsTheFailureToOneLineAndItsExitCode(Exception failure, int exitCode, string line)
    {
        var result = await CliRunner.RunAsync([.. HostCommandLine.Commands, new FailingCommand(failure)], ["fail"]);

        Assert.Equal((exitCode, ""), (result.ExitCode, result.StdOut));
        Assert.Equal([line], result.StdErrLines);
    }

    public static TheoryData<Exception, int, string> Failures() => new()
    {
        { new UpstreamException("AllenAI", HttpStatusCode.BadGateway, null, "AllenAI answered 502 Bad Gateway."), 1, "host: AllenAI answered 502 Bad Gateway." },
        { new ModelNotFoundException("gpt-9", ["echo-1", "echo"]), 2, "host: Unknown model 'gpt-9'. Valid: echo-1, echo." },
        { new InvalidChatRequestException("temperature", "temperature must be between 0 and 2."), 2, "host: temperature must be between 0 and 2." },
        { new OperationCanceledException("The operation was canceled."), 130, "host: interrupted" },
        { new ArgumentException("max_tokens must be positive."), 2, "host: max_tokens must be positive." },
        { new RateLimitedException("AllenAI", TimeSpan.FromSeconds(30), null, "AllenAI asked to slow down."), 1, "host: AllenAI asked to slow down." },
        { new InvalidOperationException("first line\nsecond line"), 1, "host: internal error: InvalidOperationException: first line second line" },
    };

    /// <summary>A command whose action throws the given exception, to exercise the top-level mapping.</summary>
    private sealed class FailingCommand(Exception failure) : IHostCommand
    {
        public Command Create(HostCommandContext context)
        {
            var command = new Command("fail");
            command.SetAction(int (_) => throw failure);
            return command;
        }
    }

    /// <summary>Standard output whose reader has gone: every flush fails like a closed pipe; counts how it was asked to flush.</summary>
    private sealed class ReaderGoneWriter : StringWriter
    {
        public int Flushes { get; private set; }

        public int AsynchronousFlushes { get; private set; }

        public override void Flush()
        {
            Flushes++;
            throw new IOException("Broken pipe");
        }

        public override Task FlushAsync()
        {
            AsynchronousFlushes++;
            throw new IOException("Broken pipe");
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => FlushAsync();
    }
}
