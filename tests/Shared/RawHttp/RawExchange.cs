using System.Net.Sockets;
using System.Text;

namespace Providers.Testing.RawHttp;

/// <summary>The server side of one exchange: the script writes the response with it.</summary>
/// <remarks>Each test project says its upstream's usual content type in its own part of this class (<c>_defaultContentType</c>).</remarks>
internal sealed partial class RawExchange(TcpClient client, NetworkStream stream, RawRequest request)
{
    private bool _chunked;

    public RawRequest Request { get; } = request;

    /// <summary>Writes the status line and headers; the body is chunked, or delimited by closing the connection.</summary>
    public async Task SendHeadAsync(int status = 200, string contentType = _defaultContentType, bool chunked = true, params string[] extraHeaders)
    {
        _chunked = chunked;
        var head = new StringBuilder()
            .Append("HTTP/1.1 ").Append(status).Append(" X\r\n")
            .Append("Content-Type: ").Append(contentType).Append("\r\n")
            .Append("Connection: close\r\n");
        if (chunked)
        {
            head.Append("Transfer-Encoding: chunked\r\n");
        }

        foreach (var header in extraHeaders)
        {
            head.Append(header).Append("\r\n");
        }

        await WriteAsync(Encoding.ASCII.GetBytes(head.Append("\r\n").ToString()));
    }

    /// <summary>Sends <paramref name="bytes"/> as one write (one chunk when chunked).</summary>
    public async Task SendAsync(ReadOnlyMemory<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return;
        }

        if (_chunked)
        {
            // One chunk per write, so the split points reach the socket as chosen.
            byte[] chunk = [.. Encoding.ASCII.GetBytes($"{bytes.Length:x}\r\n"), .. bytes.Span, .. "\r\n"u8];
            await WriteAsync(chunk);
        }
        else
        {
            await WriteAsync(bytes);
        }
    }

    /// <summary>Sends the body cut at the given split points, one write per piece.</summary>
    public async Task SendPiecesAsync(byte[] body, IEnumerable<int> pieceLengths)
    {
        var offset = 0;
        foreach (var length in pieceLengths)
        {
            await SendAsync(body.AsMemory(offset, length));
            offset += length;
        }

        await SendAsync(body.AsMemory(offset));
    }

    /// <summary>Ends the body properly (last chunk) and closes the connection.</summary>
    public async Task EndAsync()
    {
        if (_chunked)
        {
            await WriteAsync("0\r\n\r\n"u8.ToArray());
        }

        client.Client.Shutdown(SocketShutdown.Send);
    }

    /// <summary>Aborts the connection with a TCP reset.</summary>
    public void Reset()
    {
        client.LingerState = new LingerOption(true, 0);
        client.Client.Close();
    }

    /// <summary>Waits until the client closes its side; returns false on timeout.</summary>
    public async Task<bool> WaitForClientCloseAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var buffer = new byte[256];
        try
        {
            while (await stream.ReadAsync(buffer, cts.Token) > 0)
            {
            }

            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    private async Task WriteAsync(ReadOnlyMemory<byte> bytes)
    {
        await stream.WriteAsync(bytes);
        await stream.FlushAsync();
    }
}
