using System.Net;
using System.Net.Sockets;

namespace Bgp.Daemon.Transport;

/// <summary>
/// The passive side: a listening TCP socket (port 179 by default; "::" listens dual-stack for IPv4 and
/// IPv6). Every accepted connection is offered to <c>accept</c>, which takes it for a configured peer or
/// refuses it; a refused one is closed at once, before a byte is read (RFC 4271 8.2.1.1: a speaker
/// accepts connections only from its configured peers).
/// </summary>
public sealed class BgpListener : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly Func<Socket, IPAddress, bool> _accept;
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;
    private long _rejected;

    /// <param name="endpoint">Where to listen; port 0 picks a free port (see <see cref="LocalEndPoint"/>).</param>
    /// <param name="accept">Given the accepted socket and the peer's address (IPv4 unmapped), returns true when it took the socket.</param>
    public BgpListener(IPEndPoint endpoint, Func<Socket, IPAddress, bool> accept)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(accept);
        _accept = accept;
        _socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        if (endpoint.AddressFamily == AddressFamily.InterNetworkV6 && endpoint.Address.Equals(IPAddress.IPv6Any))
            _socket.DualMode = true;
        _socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _socket.Bind(endpoint);
        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
    }

    /// <summary>The bound endpoint (with the port the OS chose when 0 was asked).</summary>
    public IPEndPoint LocalEndPoint { get; }
    /// <summary>Connections closed because no configured peer has their address.</summary>
    public long RejectedConnections => Interlocked.Read(ref _rejected);
    /// <summary>Raised (on the accept loop) for every refused connection, after it was closed.</summary>
    public event EventHandler<IPEndPoint>? ConnectionRejected;

    /// <summary>The listening socket, for per-peer options (MD5 keys) that must be on it before the SYN.</summary>
    public Socket Socket => _socket;

    public void Start()
    {
        _socket.Listen(64);
        _loop = AcceptLoopAsync(_stop.Token);
    }

    /// <summary>Installs or removes a peer's RFC 2385 key on the listening socket.</summary>
    public void SetMd5Signature(IPAddress peer, string? password) => LinuxSocketOptions.SetMd5Signature(_socket, peer, password);

    private async Task AcceptLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _socket.AcceptAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                // ECONNABORTED and friends: that one connection is gone; keep listening.
                continue;
            }
            var remote = (IPEndPoint)client.RemoteEndPoint!;
            var address = remote.Address.IsIPv4MappedToIPv6 ? remote.Address.MapToIPv4() : remote.Address;
            bool taken;
            try
            {
                taken = _accept(client, address);
            }
            catch (Exception)
            {
                taken = false;
            }
            if (!taken)
            {
                client.Dispose();
                Interlocked.Increment(ref _rejected);
                ConnectionRejected?.Invoke(this, new IPEndPoint(address, remote.Port));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        try
        {
            await _loop.ConfigureAwait(false);
        }
        finally
        {
            _stop.Dispose();
        }
    }
}
