using Providers.Abstractions;

namespace Providers.Host.Cli;

/// <summary>Streams a reply from a provider into a <see cref="ReplyWriter"/>, on the caller's thread of work, one item at a time.</summary>
internal static class ChatReplyStreamer
{
    /// <exception cref="OutputClosedException">Standard output was closed; the upstream has been cancelled.</exception>
    public static async Task<ChatReply> StreamAsync(IAsyncGeneratorProvider provider, ChatRequest request, ReplyWriter writer,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(writer);
        var reply = new ChatReply();
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var items = provider.CreateAsyncGenerator(request, reading.Token).GetAsyncEnumerator(reading.Token);
        await using (items.ConfigureAwait(false))
        {
            try
            {
                while (await NextAsync(items, writer, reading).ConfigureAwait(false))
                {
                    reply.Observe(items.Current);
                    await writer.WriteAsync(items.Current, cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                await writer.EndAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        return reply;
    }

    // Flush only when the next item is not there yet: text already received is written in one go,
    // and text followed by a pause reaches the reader while the upstream is quiet.
    private static async ValueTask<bool> NextAsync(IAsyncEnumerator<ResponseItem> items, ReplyWriter writer, CancellationTokenSource reading)
    {
        var next = items.MoveNextAsync();
        if (!next.IsCompleted)
        {
            try
            {
                await writer.FlushAsync(reading.Token).ConfigureAwait(false);
            }
            catch (OutputClosedException)
            {
                // Nobody reads the reply any more: stop the upstream, and let the pending read end before the enumerator is disposed.
                await reading.CancelAsync().ConfigureAwait(false);
                await IgnoreOutcomeAsync(next).ConfigureAwait(false);
                throw;
            }
        }

        return await next.ConfigureAwait(false);
    }

    private static async Task IgnoreOutcomeAsync(ValueTask<bool> pending)
    {
        try
        {
            await pending.ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Whatever the cancelled read ends with, the closed output is what gets reported.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}
