using Providers.Abstractions;

namespace Providers.AllenAI.Tests.Fakes;

/// <summary>Everything a provider call yielded, and how it ended.</summary>
internal sealed record ReplyRecording(IReadOnlyList<ResponseItem> Items, Exception? Error)
{
    public string Text => string.Concat(Items.OfType<TextDelta>().Select(d => d.Text));

    public string Reasoning => string.Concat(Items.OfType<ReasoningDelta>().Select(d => d.Text));

    public ConversationState? Conversation => Items.OfType<ConversationUpdate>().SingleOrDefault()?.Conversation;

    public FinishReason? Finish => Items.OfType<FinishItem>().SingleOrDefault()?.Reason;

    public static async Task<ReplyRecording> CollectAsync(IAsyncEnumerable<ResponseItem> stream, CancellationToken cancellationToken = default)
    {
        var items = new List<ResponseItem>();
        try
        {
            await foreach (var item in stream.WithCancellation(cancellationToken))
            {
                items.Add(item);
            }

            return new ReplyRecording(items, null);
        }
        catch (Exception ex)
        {
            return new ReplyRecording(items, ex);
        }
    }
}
