using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Providers.Testing.RawHttp;

/// <summary>
/// An HTTP/1.1 server on 127.0.0.1 written straight on a socket, so a test controls every byte of
/// the response, where each write ends, whether the body is chunked or close-delimited, and whether
/// the connection stalls, closes or is reset.
/// </summary>
/// <remarks>Each test project adds the URL its client is pointed at in its own part of this class.</remarks>
internal sealed partial class RawHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<RawExchange, Task> _script;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentQueue<Task> _connections = new();
    private readonly Task _acceptLoop;

    public RawHttpServer(Func<RawExchange, Task> script)
    {
        _script = script;
        _listener.Start();
        _acceptLoop = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public ConcurrentQueue<RawRequest> Requests { get; } = new();

    /// <summary>Failures inside the script (for example a write to a closed socket), surfaced to the test.</summary>
    public ConcurrentQueue<Exception> ScriptErrors { get; } = new();

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stopping.Token);
            }
            catch (Exception) when (_stopping.IsCancellationRequested)
            {
                return;
            }

            _connections.Enqueue(HandleAsync(client));
        }
    }

    private async Task HandleAsync(TcpClient client)
    {
        using (client)
        {
            client.NoDelay = true;
            var stream = client.GetStream();
            try
            {
                var request = await RawRequest.ReadAsync(stream, _stopping.Token);
                Requests.Enqueue(request);
                await _script(new RawExchange(client, stream, request));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                ScriptErrors.Enqueue(ex);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        _listener.Stop();
        await _acceptLoop;
        foreach (var connection in _connections)
        {
            await connection.WaitAsync(TimeSpan.FromSeconds(10));
        }

        _stopping.Dispose();
    }
}
