using System.Buffers;
using System.Runtime.CompilerServices;

namespace Providers.AllenAI.Protocol;

/// <summary>Frames a JSON-lines body into lines, straight from the raw bytes.</summary>
/// <remarks>
/// Lines end at <c>\n</c> and nowhere else: a byte-level split can never mistake U+2028, U+2029,
/// U+0085 or a lone CR inside decoded text for a line break, and a read that ends inside a UTF-8
/// sequence or an escape is simply completed by the next read. A trailing CR is dropped so CRLF
/// producers work too. Each line points into the reader's buffer and is valid only until the next
/// <see cref="ReadAsync"/>; the caller parses it before reading on.
/// <para>
/// The hot loop is synchronous: <see cref="ReadAsync"/> awaits one read of the body, then
/// <see cref="TryReadLine"/> hands out every complete line of it without an await or an iterator
/// step per line (a read delivers hundreds of chunk lines at full speed). Lines live in one
/// contiguous buffer, which grows for a long line (up to the limit), so every line is a single span
/// for the parser. While no line is pending the buffer goes back to the pool and the reader waits
/// with a zero-byte read: an idle stream holds no buffer.
/// </para>
/// </remarks>
internal sealed class JsonlLineReader(Stream body, int maxLineBytes, IdleTimeout? idleTimeout = null, int bufferBytes = JsonlLineReader.DefaultBufferBytes) : IDisposable
{
    internal const byte LineFeed = (byte)'\n';
    internal const byte CarriageReturn = (byte)'\r';
    internal const int DefaultBufferBytes = 16 * 1024;

    private byte[]? _buffer;
    private int _start;
    private int _end;

    // Where the search for the current line's '\n' resumes: a long line arriving in many reads is
    // scanned once, not once per read.
    private int _searched;
    private bool _ended;

    /// <summary>
    /// Waits for more bytes of the body (the lines already handed out become invalid); false once
    /// the body has ended and every line was handed out.
    /// </summary>
    public async ValueTask<bool> ReadAsync(CancellationToken cancellationToken)
    {
        if (_ended)
        {
            ReturnBuffer();
            return false;
        }

        if (_start == _end)
        {
            // Nothing pending: wait for data without holding a buffer.
            ReturnBuffer();
            await WaitAsync(body.ReadAsync(Memory<byte>.Empty, cancellationToken)).ConfigureAwait(false);
        }

        MakeRoom();
        var read = await WaitAsync(body.ReadAsync(_buffer.AsMemory(_end), cancellationToken)).ConfigureAwait(false);
        if (read == 0)
        {
            _ended = true;
        }

        _end += read;
        return true;
    }

    /// <summary>The next complete line of the bytes read so far, if any; at the end of the body also its unterminated last fragment.</summary>
    public bool TryReadLine(out ReadOnlySpan<byte> line)
    {
        if (TryFrameLine(out var start, out var length))
        {
            line = _buffer.AsSpan(start, length);
            return true;
        }

        line = default;
        return false;
    }

    /// <summary>Every line of the body in turn (each valid until the enumerator moves on).</summary>
    public async IAsyncEnumerable<ReadOnlySequence<byte>> ReadLinesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (await ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (TryFrameLine(out var start, out var length))
            {
                yield return new ReadOnlySequence<byte>(_buffer!, start, length);
            }
        }
    }

    private bool TryFrameLine(out int start, out int length)
    {
        while (_buffer is not null)
        {
            var found = _buffer.AsSpan(_searched, _end - _searched).IndexOf(LineFeed);
            if (found < 0)
            {
                break;
            }

            var lineStart = _start;
            var lineLength = _searched + found - lineStart;
            EnsureWithinLimit(lineLength);
            _start = _searched = lineStart + lineLength + 1;
            if (Framed(lineStart, lineLength, out start, out length))
            {
                return true;
            }
        }

        _searched = _end;
        EnsureWithinLimit(_end - _start);
        if (_ended && _start < _end)
        {
            // A non-empty fragment without its '\n' is still offered: the parser decides whether
            // it is a whole JSON object or a truncated line.
            var fragmentStart = _start;
            _start = _searched = _end;
            return Framed(fragmentStart, _end - fragmentStart, out start, out length);
        }

        start = length = 0;
        return false;
    }

    public void Dispose() => ReturnBuffer();

    /// <summary>Times the wait only when there is one: bytes already there mean no silence.</summary>
    private async ValueTask<int> WaitAsync(ValueTask<int> read)
    {
        if (read.IsCompleted || idleTimeout is null)
        {
            return await read.ConfigureAwait(false);
        }

        idleTimeout.Start();
        try
        {
            return await read.ConfigureAwait(false);
        }
        finally
        {
            idleTimeout.Stop();
        }
    }

    /// <summary>Moves the unfinished line to the front, or grows the buffer when that line fills it.</summary>
    [System.Diagnostics.CodeAnalysis.MemberNotNull(nameof(_buffer))]
    private void MakeRoom()
    {
        if (_buffer is null)
        {
            _buffer = ArrayPool<byte>.Shared.Rent(bufferBytes);
            return;
        }

        var pending = _end - _start;
        var target = _buffer;
        if (_end == _buffer.Length && _start == 0)
        {
            // One line fills the buffer; it is within the limit (TryReadLine checked), so it may
            // grow to the limit plus its '\n'.
            target = ArrayPool<byte>.Shared.Rent((int)Math.Min(2L * _buffer.Length, maxLineBytes + 1L));
        }

        if (target != _buffer || _start > 0)
        {
            _buffer.AsSpan(_start, pending).CopyTo(target);
            _searched -= _start;
            _start = 0;
            _end = pending;
        }

        if (target != _buffer)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = target;
        }
    }

    private void ReturnBuffer()
    {
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
            _start = _end = _searched = 0;
        }
    }

    private bool Framed(int start, int length, out int lineStart, out int lineLength)
    {
        var span = _buffer.AsSpan(start, length);
        lineStart = start;
        // The server sends no blank lines; tolerate them (and a lone CR) rather than fail on them.
        if (span.IsEmpty || (span[0] is (byte)' ' or (byte)'\t' or CarriageReturn && span.IndexOfAnyExcept((byte)' ', (byte)'\t', CarriageReturn) < 0))
        {
            lineLength = 0;
            return false;
        }

        lineLength = span[^1] == CarriageReturn ? length - 1 : length;
        return true;
    }

    private void EnsureWithinLimit(long length)
    {
        if (length > maxLineBytes)
        {
            throw new StreamLineTooLongException(maxLineBytes);
        }
    }
}
