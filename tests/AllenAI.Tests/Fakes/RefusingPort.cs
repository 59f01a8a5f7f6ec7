using System.Net;
using System.Net.Sockets;

namespace Providers.AllenAI.Tests.Fakes;

/// <summary>
/// A loopback port that is bound but not listening: connections to it are refused, and no other
/// process can take it while the test holds it (unlike a port freed again after binding 0).
/// </summary>
internal sealed class RefusingPort : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    public RefusingPort() => _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));

    public int Port => ((IPEndPoint)_socket.LocalEndPoint!).Port;

    public void Dispose() => _socket.Dispose();
}
