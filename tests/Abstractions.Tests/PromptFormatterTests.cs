namespace Providers.Abstractions.Tests;

public sealed class PromptFormatterTests
{
    [Fact]
    public void FormatPrompt_SingleMessage_ReturnsContentVerbatim()
    {
        Assert.Equal("  hi\n", PromptFormatter.FormatPrompt([new(ChatRole.User, "  hi\n")]));
    }

    [Fact]
    public void FormatPrompt_MultiTurn_JoinsRoleLinesAndEndsWithAssistantCue()
    {
        ChatMessage[] messages =
        [
            new(ChatRole.User, "Hello"),
            new(ChatRole.Assistant, "Hi! How can I help?"),
            new(ChatRole.User, "Say bye"),
        ];

        Assert.Equal("User: Hello\nAssistant: Hi! How can I help?\nUser: Say bye\nAssistant:", PromptFormatter.FormatPrompt(messages));
    }

    [Fact]
    public void FormatPrompt_SystemMessage_IsFoldedInAsSystemLine()
    {
        ChatMessage[] messages = [new(ChatRole.System, "Be terse."), new(ChatRole.User, "What is 2+2?")];

        Assert.Equal("System: Be terse.\nUser: What is 2+2?\nAssistant:", PromptFormatter.FormatPrompt(messages));
    }

    [Fact]
    public void FormatPrompt_Empty_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => PromptFormatter.FormatPrompt([]));

        Assert.Equal("messages", error.ParamName);
        Assert.StartsWith("At least one message is required.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FormatPrompt_UnknownRole_ThrowsNamingIt()
    {
        ChatMessage[] messages = [new((ChatRole)42, "?"), new(ChatRole.User, "hi")];

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => PromptFormatter.FormatPrompt(messages));

        Assert.Equal((ChatRole)42, error.ActualValue);
        Assert.StartsWith("Unknown role.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NullList_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => PromptFormatter.FormatPrompt(null!));
        Assert.Throws<ArgumentNullException>(() => PromptFormatter.LastUserMessage(null!));
    }

    [Fact]
    public void FormatPrompt_CallersList_IsLeftUntouched()
    {
        var messages = new List<ChatMessage> { new(ChatRole.System, "s"), new(ChatRole.User, "u") };
        var before = messages.ToArray();

        _ = PromptFormatter.FormatPrompt(messages);
        _ = PromptFormatter.LastUserMessage(messages);

        Assert.Equal(before, messages);
    }

    [Fact]
    public void LastUserMessage_EndsWithUser_ReturnsIt()
    {
        ChatMessage[] messages = [new(ChatRole.User, "first"), new(ChatRole.Assistant, "reply"), new(ChatRole.User, "second")];

        Assert.Equal("second", PromptFormatter.LastUserMessage(messages));
    }

    [Fact]
    public void LastUserMessage_TrailingRunOfUsers_JoinsThemWithNewlines()
    {
        ChatMessage[] messages = [new(ChatRole.Assistant, "a"), new(ChatRole.User, "one"), new(ChatRole.User, "two")];

        Assert.Equal("one\ntwo", PromptFormatter.LastUserMessage(messages));
    }

    [Fact]
    public void LastUserMessage_NoUserMessage_ReturnsEmpty()
    {
        Assert.Equal("", PromptFormatter.LastUserMessage([new(ChatRole.System, "s")]));
        Assert.Equal("", PromptFormatter.LastUserMessage([]));
    }

    [Fact]
    public void LastUserMessage_WhitespaceOnlyContent_IsKept()
    {
        Assert.Equal(" \n", PromptFormatter.LastUserMessage([new(ChatRole.User, " \n")]));
    }
}
