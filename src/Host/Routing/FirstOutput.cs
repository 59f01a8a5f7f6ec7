using System.Runtime.ExceptionServices;
using Providers.Abstractions;

namespace Providers.Host.Routing;

/// <summary>A provider's stream opened up to its first output item, so failures before it can be retried or failed over.</summary>
/// <param name="Stream">Positioned on the first item a client sees (text, reasoning, finish).</param>
/// <param name="Held">Items the provider yielded before that output (conversation state), to be passed on first, in order.</param>
internal sealed record FirstOutput(IAsyncEnumerator<ResponseItem> Stream, IReadOnlyList<ResponseItem> Held)
{
    /// <summary>Told of a failure of the stream after its first output, before the replay rethrows it.</summary>
    public Action<Exception>? FailedAfterOutput { get; init; }

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
    /// <remarks>
    /// Not an iterator: after the first output each step is the stream's own <c>MoveNextAsync</c>,
    /// so the layers that open a stream this way add no state machine per item.
    /// </remarks>
    public IAsyncEnumerable<ResponseItem> ReplayAsync(CancellationToken cancellationToken = default) => new Replayed(this, cancellationToken);

    /// <summary>The replay as an enumerator: exactly one per <see cref="FirstOutput"/>, since it owns the stream.</summary>
    public IAsyncEnumerator<ResponseItem> Replay(CancellationToken cancellationToken = default) => new Replayer(this, cancellationToken);

    /// <summary>Cancelled as <see cref="StreamCancellation.Of"/> says.</summary>
    private sealed class Replayed(FirstOutput opened, CancellationToken cancellationToken) : IAsyncEnumerable<ResponseItem>
    {
        public IAsyncEnumerator<ResponseItem> GetAsyncEnumerator(CancellationToken enumeratorCancellation = default) =>
            opened.Replay(StreamCancellation.Of(cancellationToken, enumeratorCancellation));
    }

    /// <summary>Behaves as the iterator it replaces: a failure or the end disposes the stream before it is reported.</summary>
    private sealed class Replayer(FirstOutput opened, CancellationToken cancellationToken) : IAsyncEnumerator<ResponseItem>
    {
        private readonly IAsyncEnumerator<ResponseItem> _stream = opened.Stream;
        private int _position = -1;
        private bool _finished;

        public ResponseItem Current => _position < opened.Held.Count ? opened.Held[_position] : _stream.Current;

        public ValueTask<bool> MoveNextAsync()
        {
            if (_finished)
            {
                return ValueTask.FromResult(false);
            }

            if (_position < opened.Held.Count)
            {
                // The held items, then the first output, which the stream is positioned on.
                _position++;
                return ValueTask.FromResult(true);
            }

            try
            {
                var next = _stream.MoveNextAsync();
                if (!next.IsCompletedSuccessfully)
                {
                    return AfterAsync(next);
                }

                return next.Result ? ValueTask.FromResult(Continue()) : EndAsync();
            }
#pragma warning disable CA1031 // Rethrown after the stream is disposed, as the iterator's 'await using' did.
            catch (Exception error)
#pragma warning restore CA1031
            {
                return FailAsync(error);
            }
        }

        public ValueTask DisposeAsync()
        {
            if (_finished)
            {
                return ValueTask.CompletedTask;
            }

            _finished = true;
            return _stream.DisposeAsync();
        }

        private bool Continue()
        {
            cancellationToken.ThrowIfCancellationRequested();
            return true;
        }

        private async ValueTask<bool> AfterAsync(ValueTask<bool> next)
        {
            bool moved;
            try
            {
                moved = await next.ConfigureAwait(false) && Continue();
            }
#pragma warning disable CA1031 // Rethrown by FailAsync after the stream is disposed.
            catch (Exception error)
#pragma warning restore CA1031
            {
                return await FailAsync(error).ConfigureAwait(false);
            }

            return moved || await EndAsync().ConfigureAwait(false);
        }

        private async ValueTask<bool> EndAsync()
        {
            await DisposeAsync().ConfigureAwait(false);
            return false;
        }

        private async ValueTask<bool> FailAsync(Exception error)
        {
            opened.FailedAfterOutput?.Invoke(error);
            await DisposeAsync().ConfigureAwait(false);
            ExceptionDispatchInfo.Throw(error);
            return false;
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
