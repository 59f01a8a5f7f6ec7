using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;

namespace Providers.AllenAI.Protocol;

/// <summary>Frames a JSON-lines body into lines, straight from the raw bytes.</summary>
/// <remarks>
/// Lines end at <c>\n</c> and nowhere else: a byte-level split can never mistake U+2028, U+2029,
/// U+0085 or a lone CR inside decoded text for a line break, and a read that ends inside a UTF-8
/// sequence or an escape is simply completed by the next read. A trailing CR is dropped so CRLF
/// producers work too. Each yielded line points into the pipe's buffers and is valid only until
/// the enumerator moves on; the caller parses it synchronously before asking for the next one.
/// </remarks>
internal sealed class JsonlLineReader(PipeReader reader, int maxLineBytes, IdleTimeout? idleTimeout = null)
{
    internal const byte LineFeed = (byte)'\n';
    internal const byte CarriageReturn = (byte)'\r';

    public async IAsyncEnumerable<ReadOnlySequence<byte>> ReadLinesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Bytes of the current unfinished line already searched for '\n': a long line arriving in
        // many small reads is scanned once, not once per read.
        long searched = 0;
        while (true)
        {
            idleTimeout?.Start();
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            idleTimeout?.Stop();

            var buffer = result.Buffer;
            while (buffer.Slice(searched).PositionOf(LineFeed) is { } end)
            {
                var line = buffer.Slice(0, end);
                EnsureWithinLimit(line.Length);
                buffer = buffer.Slice(buffer.GetPosition(1, end));
                searched = 0;
                if (!IsBlank(line))
                {
                    yield return WithoutTrailingCarriageReturn(line);
                }
            }

            searched = buffer.Length;
            EnsureWithinLimit(buffer.Length);
            if (result.IsCompleted)
            {
                // A non-empty fragment without its '\n' is still offered: the parser decides
                // whether it is a whole JSON object or a truncated line.
                if (!IsBlank(buffer))
                {
                    yield return WithoutTrailingCarriageReturn(buffer);
                }

                reader.AdvanceTo(buffer.End);
                yield break;
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private void EnsureWithinLimit(long length)
    {
        if (length > maxLineBytes)
        {
            throw new StreamLineTooLongException(maxLineBytes);
        }
    }

    private static ReadOnlySequence<byte> WithoutTrailingCarriageReturn(ReadOnlySequence<byte> line)
    {
        if (line.IsEmpty)
        {
            return line;
        }

        var last = line.Slice(line.Length - 1);
        return last.FirstSpan[0] == CarriageReturn ? line.Slice(0, line.Length - 1) : line;
    }

    /// <summary>The server sends no blank lines; tolerate them (and a lone CR) rather than fail on them.</summary>
    private static bool IsBlank(ReadOnlySequence<byte> line)
    {
        foreach (var segment in line)
        {
            if (segment.Span.IndexOfAnyExcept((byte)' ', (byte)'\t', CarriageReturn) >= 0)
            {
                return false;
            }
        }

        return true;
    }
}
