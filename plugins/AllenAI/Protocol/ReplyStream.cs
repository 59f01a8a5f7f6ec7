using Providers.Abstractions;

namespace Providers.AllenAI.Protocol;

/// <summary>
/// The provider's reply stream: its iterator (<paramref name="open"/>) does the request, the reads
/// and the end of the reply; the items of lines already read come from <see cref="ReadyLines"/>
/// without resuming it.
/// </summary>
/// <param name="open">The iterator over the given <see cref="ReadyLines"/> (the enumerator's cancellation token joins its own, as for any iterator).</param>
internal sealed class ReplyStream(Func<ReadyLines, IAsyncEnumerable<ResponseItem>> open) : IAsyncEnumerable<ResponseItem>
{
    public IAsyncEnumerator<ResponseItem> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        var ready = new ReadyLines();
        return new Enumerator(open(ready).GetAsyncEnumerator(cancellationToken), ready);
    }

    private sealed class Enumerator(IAsyncEnumerator<ResponseItem> iterator, ReadyLines ready) : IAsyncEnumerator<ResponseItem>
    {
        private ResponseItem? _taken;

        public ResponseItem Current => _taken ?? iterator.Current;

        public ValueTask<bool> MoveNextAsync()
        {
            if (ready.TryTake(out _taken))
            {
                return new ValueTask<bool>(true);
            }

            return iterator.MoveNextAsync();
        }

        public ValueTask DisposeAsync()
        {
            ready.Close();
            return iterator.DisposeAsync();
        }
    }
}
