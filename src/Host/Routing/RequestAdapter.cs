using Providers.Abstractions;

namespace Providers.Host.Routing;

/// <summary>Reshapes a request for one candidate: its real model id, and what its flags say it can take.</summary>
/// <remarks>
/// <para>
/// Without <see cref="ProviderMetadata.SupportsMessageHistory"/>: only the system messages and the
/// trailing run of user messages are kept; that run becomes one user message joined by <c>\n</c>
/// (<see cref="PromptFormatter.LastUserMessage"/>), so the provider sees what g4f would send it.
/// </para>
/// <para>
/// Without <see cref="ProviderMetadata.SupportsSystemMessage"/>: every system message is removed,
/// their contents joined by <c>\n</c>, and that text is prepended to the first user message followed
/// by a blank line: <c>"{system}\n\n{user}"</c>. With no user message, the system text becomes a user
/// message where the first system message stood.
/// </para>
/// History is dropped before the system text is folded, so a system prompt always survives.
/// </remarks>
internal static class RequestAdapter
{
    public static ChatRequest Adapt(ChatRequest request, RouteCandidate candidate, out RequestAdaptations adaptations)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(candidate);
        adaptations = RequestAdaptations.None;
        IReadOnlyList<ChatMessage> messages = request.Messages;

        if (!candidate.Metadata.SupportsMessageHistory && HasHistory(messages))
        {
            messages = DropHistory(messages);
            adaptations |= RequestAdaptations.HistoryDropped;
        }

        if (!candidate.Metadata.SupportsSystemMessage && messages.Any(m => m.Role == ChatRole.System))
        {
            messages = FoldSystem(messages);
            adaptations |= RequestAdaptations.SystemFolded;
        }

        return request with { Model = candidate.ModelId, Messages = messages };
    }

    /// <summary>True when the request carries earlier turns (an assistant reply) beyond the new message.</summary>
    public static bool HasHistory(IReadOnlyList<ChatMessage> messages) =>
        messages.Any(m => m.Role == ChatRole.Assistant);

    private static List<ChatMessage> DropHistory(IReadOnlyList<ChatMessage> messages)
    {
        var kept = messages.Where(m => m.Role == ChatRole.System).ToList();
        var last = PromptFormatter.LastUserMessage(messages);
        if (messages.Any(m => m.Role == ChatRole.User))
        {
            kept.Add(new ChatMessage(ChatRole.User, last));
        }

        return kept;
    }

    private static List<ChatMessage> FoldSystem(IReadOnlyList<ChatMessage> messages)
    {
        var system = string.Join('\n', messages.Where(m => m.Role == ChatRole.System).Select(m => m.Content));
        var result = new List<ChatMessage>(messages.Count);
        var folded = false;
        foreach (var message in messages)
        {
            if (message.Role == ChatRole.System)
            {
                continue;
            }

            if (!folded && message.Role == ChatRole.User)
            {
                result.Add(message with { Content = $"{system}\n\n{message.Content}" });
                folded = true;
                continue;
            }

            result.Add(message);
        }

        if (!folded)
        {
            var at = messages.ToList().FindIndex(m => m.Role == ChatRole.System);
            result.Insert(Math.Min(at, result.Count), new ChatMessage(ChatRole.User, system));
        }

        return result;
    }
}
