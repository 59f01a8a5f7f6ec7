namespace Providers.AllenAI.Tests.Fakes;

/// <summary>A read-only stream that returns exactly one given piece per read (pieces are pulled lazily): split points under the test's control.</summary>
internal sealed class PiecewiseStream(IEnumerable<byte[]> pieces) : Stream
{
    private readonly IEnumerator<byte[]> _pieces = pieces.GetEnumerator();
    private byte[] _current = [];
    private int _offset;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public static PiecewiseStream Split(byte[] bytes, IEnumerable<int> pieceLengths)
    {
        var pieces = new List<byte[]>();
        var offset = 0;
        foreach (var length in pieceLengths)
        {
            pieces.Add(bytes[offset..(offset + length)]);
            offset += length;
        }

        pieces.Add(bytes[offset..]);
        return new PiecewiseStream(pieces.Where(p => p.Length > 0));
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        while (_offset == _current.Length)
        {
            if (!_pieces.MoveNext())
            {
                return 0;
            }

            (_current, _offset) = (_pieces.Current, 0);
        }

        var length = Math.Min(buffer.Length, _current.Length - _offset);
        _current.AsSpan(_offset, length).CopyTo(buffer);
        _offset += length;
        return length;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer, offset, count));

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _pieces.Dispose();
        }

        base.Dispose(disposing);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
