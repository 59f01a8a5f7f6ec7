using System.Text.Json;
using Providers.Host.Cli;

namespace Providers.Host.Tests.Cli;

public sealed class ChatCommandTests : IDisposable
{
    private readonly TempPluginsFolder _folder = new();

    public ChatCommandTests()
    {
        _folder.AddTestPlugin("EchoPlugin");
    }

    public void Dispose() => _folder.Dispose();

    private string ConversationPath => Path.Combine(_folder.Root, "conversation.json");

    private Task<CliResult> ChatAsync(string? standardInput, params string[] args) =>
        CliRunner.RunAsync(
            [new ChatCommand(() => new StringReader(standardInput ?? throw new InvalidOperationException("stdin read")), outputIsTerminal: false)],
            ["chat", "--config", _folder.ConfigPath, .. args]);

    [Fact]
    public async Task Chat_MessageWords_StreamsReplyExactlyToStandardOutput()
    {
        var result = await ChatAsync(null, "-m", "echo-1", "hello", " spaced ", "world");

        Assert.Equal((0, "echo: hello  spaced  world", ""), (result.ExitCode, result.StdOut, result.StdErr));
    }

    [Theory]
    [InlineData]
    [InlineData("-")]
    public async Task Chat_NoMessageOrDash_ReadsStandardInput(params string[] message)
    {
        var result = await ChatAsync("line one\nline two\u2028 \n", ["-m", "parrot", .. message]);

        Assert.Equal((0, "echo: line one\nline two\u2028 \n", ""), (result.ExitCode, result.StdOut, result.StdErr));
    }

    [Fact]
    public async Task Chat_UnknownModel_ExitsTwoListingValidNamesBeforeSending()
    {
        var result = await ChatAsync(null, "-m", "gpt-4o", "hi");

        Assert.Equal((2, ""), (result.ExitCode, result.StdOut));
        var line = Assert.Single(result.StdErrLines);
        Assert.StartsWith("host: ", line, StringComparison.Ordinal);
        Assert.Contains("'gpt-4o'", line, StringComparison.Ordinal);
        Assert.Contains("echo-1, echo-2, echo, parrot", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_NoModel_ExitsTwo()
    {
        var result = await ChatAsync(null, "hi");

        Assert.Equal((2, ""), (result.ExitCode, result.StdOut));
        Assert.Equal(["host: A model is required: -m MODEL (see 'host models')."], result.StdErrLines);
    }

    [Fact]
    public async Task Chat_EmptyMessage_ExitsTwo()
    {
        var result = await ChatAsync(" \n\t", "-m", "echo-1");

        Assert.Equal((2, ""), (result.ExitCode, result.StdOut));
        Assert.Equal(["host: The message is empty."], result.StdErrLines);
    }

    [Fact]
    public async Task Chat_UnknownProvider_ExitsTwoListingProviders()
    {
        var result = await ChatAsync(null, "-m", "echo-1", "--provider", "Nope", "hi");

        Assert.Equal((2, ""), (result.ExitCode, result.StdOut));
        Assert.Equal(["host: Unknown provider 'Nope'. Known: Echo."], result.StdErrLines);
    }

    [Fact]
    public async Task Chat_ProviderOption_PinsTheProvider()
    {
        var result = await ChatAsync(null, "-m", "echo-2", "--provider", "echo", "pinned");

        Assert.Equal((0, "echo: pinned"), (result.ExitCode, result.StdOut));
    }

    [Fact]
    public async Task Chat_Conversation_IsCreatedThenContinued()
    {
        var first = await ChatAsync(null, "-m", "echo", "--conversation", ConversationPath, "first");
        var second = await ChatAsync(null, "--conversation", ConversationPath, "second");

        Assert.Equal((0, "echo: first"), (first.ExitCode, first.StdOut));
        Assert.Equal((0, "echo: second", ""), (second.ExitCode, second.StdOut, second.StdErr));
        using var saved = JsonDocument.Parse(await File.ReadAllBytesAsync(ConversationPath));
        Assert.Equal("Echo", saved.RootElement.GetProperty("provider").GetString());
        Assert.Equal("echo-1", saved.RootElement.GetProperty("model").GetString());
        Assert.Equal(
            ["user:first", "assistant:echo: first", "user:second", "assistant:echo: second"],
            saved.RootElement.GetProperty("messages").EnumerateArray()
                .Select(m => $"{m.GetProperty("role").GetString()}:{m.GetProperty("content").GetString()}"));
    }

    [Fact]
    public async Task Chat_UnreadableConversation_ExitsTwoAndLeavesFileUntouched()
    {
        await File.WriteAllTextAsync(ConversationPath, "{ broken");

        var result = await ChatAsync(null, "-m", "echo", "--conversation", ConversationPath, "hi");

        Assert.Equal((2, ""), (result.ExitCode, result.StdOut));
        var line = Assert.Single(result.StdErrLines);
        Assert.StartsWith($"host: {ConversationPath}: not a conversation file: ", line, StringComparison.Ordinal);
        Assert.Equal("{ broken", await File.ReadAllTextAsync(ConversationPath));
    }

    [Fact]
    public async Task Chat_Cancelled_ExitsOneThirtyAndWritesNoConversation()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var result = await CliRunner.RunAsync(
            [new ChatCommand(() => new StringReader(""), outputIsTerminal: false)],
            ["chat", "--config", _folder.ConfigPath, "-m", "echo", "--conversation", ConversationPath, "hi"],
            cancelled.Token);

        Assert.Equal((130, ""), (result.ExitCode, result.StdOut));
        Assert.Equal(["host: interrupted"], result.StdErrLines);
        Assert.False(File.Exists(ConversationPath));
    }

    [Theory]
    [InlineData("--temperature", "abc", "host: --temperature: expected a number, got 'abc'.")]
    [InlineData("--top-p", "0,5", "host: --top-p: expected a number, got '0,5'.")]
    [InlineData("--max-tokens", "1.5", "host: --max-tokens: expected a whole number, got '1.5'.")]
    public async Task Chat_MalformedNumber_ExitsTwoNamingTheOption(string option, string value, string expected)
    {
        var result = await ChatAsync(null, "-m", "echo-1", option, value, "hi");

        Assert.Equal((2, ""), (result.ExitCode, result.StdOut));
        Assert.Equal([expected, "Run 'host --help' for usage."], result.StdErrLines);
    }

    [Fact]
    public async Task Chat_NoModelAndNoMessage_FailsBeforeWaitingForStandardInput()
    {
        var result = await ChatAsync(null);

        Assert.Equal((2, ""), (result.ExitCode, result.StdOut));
        Assert.Equal(["host: A model is required: -m MODEL (see 'host models')."], result.StdErrLines);
    }

    [Theory]
    [InlineData("quick")]
    [InlineData("Echo/echo-2")]
    [InlineData("ECHO-2")]
    public async Task Chat_ProviderWithHostAliasOrPinnedModel_ResolvesBeforePinning(string model)
    {
        _folder.WriteConfig("""{ "pluginsPath": "plugins", "aliases": { "quick": "Echo/echo-2" } }""");

        var result = await ChatAsync(null, "-m", model, "--provider", "Echo", "--conversation", ConversationPath, "pinned");

        Assert.Equal((0, "echo: pinned", ""), (result.ExitCode, result.StdOut, result.StdErr));
        using var saved = JsonDocument.Parse(await File.ReadAllBytesAsync(ConversationPath));
        Assert.Equal("echo-2", saved.RootElement.GetProperty("model").GetString());
    }

    [Fact]
    public async Task Chat_ProviderThatDoesNotServeTheModel_ExitsTwo()
    {
        _folder.WriteConfig("""{ "pluginsPath": "plugins", "aliases": { "elsewhere": "Other/model" } }""");

        var result = await ChatAsync(null, "-m", "nope", "--provider", "Echo", "hi");

        Assert.Equal((2, ""), (result.ExitCode, result.StdOut));
        Assert.StartsWith("host: Unknown model 'nope'", Assert.Single(result.StdErrLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_ProviderCancelsOnItsOwn_ExitsOneNotOneThirty()
    {
        _folder.AddTestPlugin("FlakyPlugin");
        _folder.WriteConfig("""{ "pluginsPath": "plugins", "providers": { "Flaky": { "mode": "cancel" } }, "routing": { "maxRetries": 0 } }""");

        var result = await ChatAsync(null, "-m", "Flaky/tulu3-405b", "hi");

        Assert.Equal((1, ""), (result.ExitCode, result.StdOut));
        Assert.StartsWith("host: The provider cancelled the request on its own (a timeout?): ", Assert.Single(result.StdErrLines), StringComparison.Ordinal);
    }
}
