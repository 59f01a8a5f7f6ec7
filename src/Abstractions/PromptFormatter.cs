namespace Providers.Abstractions;

/// <summary>
/// Turns a message list into the single prompt string that completion-style upstreams take,
/// exactly as g4f's <c>format_prompt</c> and <c>get_last_user_message</c> do.
/// </summary>
/// <remarks>Pure functions; the caller's list is never modified.</remarks>
public static class PromptFormatter
{
    /// <summary>
    /// One message: its content verbatim. Several: <c>Role: content</c> lines joined by <c>\n</c>,
    /// followed by <c>\nAssistant:</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The list is empty.</exception>
    public static string FormatPrompt(IReadOnlyList<ChatMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count == 0)
        {
            throw new ArgumentException("At least one message is required.", nameof(messages));
        }

        if (messages.Count == 1)
        {
            return messages[0].Content;
        }

        var lines = messages.Select(m => $"{RoleLabel(m.Role)}: {m.Content}");
        return string.Join('\n', lines) + "\nAssistant:";
    }

    /// <summary>
    /// The trailing run of user messages joined by <c>\n</c> (assistant or system messages after
    /// the last user message are skipped); empty when there is no user message.
    /// </summary>
    public static string LastUserMessage(IReadOnlyList<ChatMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var end = messages.Count - 1;
        while (end >= 0 && messages[end].Role != ChatRole.User)
        {
            end--;
        }

        var start = end;
        while (start > 0 && messages[start - 1].Role == ChatRole.User)
        {
            start--;
        }

        return end < 0 ? "" : string.Join('\n', Enumerable.Range(start, end - start + 1).Select(i => messages[i].Content));
    }

    private static string RoleLabel(ChatRole role) => role switch
    {
        ChatRole.System => "System",
        ChatRole.User => "User",
        ChatRole.Assistant => "Assistant",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown role."),
    };
}
