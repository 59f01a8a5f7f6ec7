using Providers.Abstractions;

namespace Providers.Host.Routing;

/// <summary>
/// A stream that <paramref name="open"/> opens up to its first output when it is first read, and
/// that then passes the rest through untouched: what a layer that acts only before the first output returns.
/// </summary>
/// <remarks>
/// An iterator (<c>await foreach … yield return</c>) would do the same with a state machine step per
/// item in every such layer; here, after opening, each item costs one call to the replay.
/// </remarks>
internal sealed class OpenedStream(Func<CancellationToken, Task<FirstOutput>> open, CancellationToken cancellationToken) : IAsyncEnumerable<ResponseItem>
{
    public IAsyncEnumerator<ResponseItem> GetAsyncEnumerator(CancellationToken enumeratorCancellation = default) =>
        new Enumerator(open, StreamCancellation.Of(cancellationToken, enumeratorCancellation));

    private sealed class Enumerator(Func<CancellationToken, Task<FirstOutput>> open, CancellationToken cancellationToken) : IAsyncEnumerator<ResponseItem>
    {
        private IAsyncEnumerator<ResponseItem>? _replay;
        private bool _failed;

        public ResponseItem Current => _replay is { } replay ? replay.Current : throw new InvalidOperationException("The stream has not been read yet.");

        public ValueTask<bool> MoveNextAsync() => _replay is { } replay ? replay.MoveNextAsync() : _failed ? ValueTask.FromResult(false) : OpenAsync();

        public ValueTask DisposeAsync() => _replay?.DisposeAsync() ?? ValueTask.CompletedTask;

        private async ValueTask<bool> OpenAsync()
        {
            FirstOutput opened;
            try
            {
                opened = await open(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                // As an iterator: once its opening has thrown, it is over.
                _failed = true;
                throw;
            }

            _replay = opened.Replay(cancellationToken);
            return await _replay.MoveNextAsync().ConfigureAwait(false);
        }
    }
}
