using Providers.Abstractions;

namespace Providers.Host.Routing;

/// <summary>The outcome of opening one candidate: its stream positioned on the first output item, or why it failed.</summary>
/// <param name="Stream">Positioned on the first item a client sees (text, reasoning, finish); null when the candidate failed.</param>
/// <param name="Held">Items the candidate yielded before that output (conversation state), to be passed on first, in order.</param>
/// <param name="Failure">Why the candidate failed before any output; null when it opened.</param>
internal readonly record struct FirstOutput(IAsyncEnumerator<ResponseItem>? Stream, IReadOnlyList<ResponseItem> Held, Exception? Failure)
{
    public static FirstOutput Opened(IAsyncEnumerator<ResponseItem> stream, IReadOnlyList<ResponseItem> held) => new(stream, held, null);

    public static FirstOutput Failed(Exception failure) => new(null, [], failure);

    /// <summary>
    /// Whether <paramref name="item"/> is output, i.e. reaches the client. Conversation state is not:
    /// a provider may yield it before failing (AllenAI does when Ai2 stored an empty reply, e.g.
    /// "model overloaded"), and that failure is still one before any output, so it may be retried.
    /// </summary>
    public static bool IsOutput(ResponseItem item) => item is not ConversationUpdate;
}
