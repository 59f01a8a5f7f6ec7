using System.Runtime.CompilerServices;
using Providers.Abstractions;

namespace Providers.Host.Routing;

/// <summary>A provider's stream opened up to its first output item, so failures before it can be retried or failed over.</summary>
/// <param name="Stream">Positioned on the first item a client sees (text, reasoning, finish).</param>
/// <param name="Held">Items the provider yielded before that output (conversation state), to be passed on first, in order.</param>
internal sealed record FirstOutput(IAsyncEnumerator<ResponseItem> Stream, IReadOnlyList<ResponseItem> Held)
{
    /// <summary>
    /// Whether <paramref name="item"/> is output, i.e. reaches the client. Conversation state is not:
    /// a provider may yield it before failing (AllenAI does when Ai2 stored an empty reply, e.g.
    /// "model overloaded"), and that failure is still one before any output, so it may be retried.
    /// </summary>
    public static bool IsOutput(ResponseItem item) => item is not ConversationUpdate;

    /// <summary>Calls <paramref name="provider"/> and reads until its first output; any failure before it is thrown.</summary>
    public static async Task<FirstOutput> OpenAsync(IAsyncGeneratorProvider provider, ChatRequest request, CancellationToken cancellationToken)
    {
        IAsyncEnumerator<ResponseItem>? stream = null;
        try
        {
            // Inside the try: a provider that is not an iterator may throw from the call itself.
            stream = provider.CreateAsyncGenerator(request, cancellationToken).GetAsyncEnumerator(cancellationToken);
            var held = new List<ResponseItem>();
            while (await stream.MoveNextAsync().ConfigureAwait(false))
            {
                if (IsOutput(stream.Current))
                {
                    return new FirstOutput(stream, held);
                }

                held.Add(stream.Current);
            }

            var name = provider.Metadata.Name;
            throw new ProviderStreamException(name, "empty reply", $"{name} ended the reply without any output.");
        }
        catch (Exception)
        {
            await DisposeQuietlyAsync(stream).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The held items, the first output and the rest of the stream; disposes the stream at the end.</summary>
    public async IAsyncEnumerable<ResponseItem> ReplayAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using (Stream.ConfigureAwait(false))
        {
            foreach (var held in Held)
            {
                yield return held;
            }

            yield return Stream.Current;
            while (await Stream.MoveNextAsync().ConfigureAwait(false))
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return Stream.Current;
            }
        }
    }

    private static async ValueTask DisposeQuietlyAsync(IAsyncEnumerator<ResponseItem>? stream)
    {
        if (stream is null)
        {
            return;
        }

        try
        {
            await stream.DisposeAsync().ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The attempt already failed; a second failure while cleaning up must not mask the first.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}
