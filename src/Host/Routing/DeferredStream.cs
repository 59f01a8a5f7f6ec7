using Providers.Abstractions;

namespace Providers.Host.Routing;

/// <summary>
/// A stream that <paramref name="start"/> creates when it is first read, as an iterator's body would,
/// and whose items then pass through with no state machine step of their own.
/// </summary>
internal sealed class DeferredStream(Func<CancellationToken, IAsyncEnumerable<ResponseItem>> start, CancellationToken cancellationToken)
    : IAsyncEnumerable<ResponseItem>
{
    public IAsyncEnumerator<ResponseItem> GetAsyncEnumerator(CancellationToken enumeratorCancellation = default) =>
        new Enumerator(start, StreamCancellation.Of(cancellationToken, enumeratorCancellation));

    private sealed class Enumerator(Func<CancellationToken, IAsyncEnumerable<ResponseItem>> start, CancellationToken cancellationToken)
        : IAsyncEnumerator<ResponseItem>
    {
        private IAsyncEnumerator<ResponseItem>? _inner;

        public ResponseItem Current => _inner is { } inner ? inner.Current : throw new InvalidOperationException("The stream has not been read yet.");

        public ValueTask<bool> MoveNextAsync()
        {
            try
            {
                _inner ??= start(cancellationToken).GetAsyncEnumerator(cancellationToken);
                return _inner.MoveNextAsync();
            }
#pragma warning disable CA1031 // Reported through the returned task, as an iterator reports what its body throws.
            catch (Exception error)
#pragma warning restore CA1031
            {
                return ValueTask.FromException<bool>(error);
            }
        }

        public ValueTask DisposeAsync() => _inner?.DisposeAsync() ?? ValueTask.CompletedTask;
    }
}
