using System.Net;
using System.Net.Sockets;

namespace Bgp.Daemon.Transport;

/// <summary>
/// The active side: opens a TCP connection to a peer with the options that must be on the socket before
/// the SYN leaves (source address, MD5 key, GTSM TTL).
/// </summary>
public static class TcpConnector
{
    /// <param name="remote">The peer's address and port (179 unless a test overrides it).</param>
    /// <param name="source">Local address to bind before connecting; null lets the kernel choose.</param>
    /// <param name="md5Password">RFC 2385 key for the peer, or null.</param>
    /// <param name="ttlSecurityHops">RFC 5082 hop count, or null for no GTSM.</param>
    /// <param name="cancellationToken">Cancels the attempt (the socket is closed).</param>
    public static async Task<Socket> ConnectAsync(IPEndPoint remote, IPAddress? source, string? md5Password, int? ttlSecurityHops,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(remote);
        var socket = new Socket(remote.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (source is not null) socket.Bind(new IPEndPoint(source, 0));
            if (!string.IsNullOrEmpty(md5Password)) LinuxSocketOptions.SetMd5Signature(socket, remote.Address, md5Password);
            if (ttlSecurityHops is { } hops) LinuxSocketOptions.SetTtlSecurity(socket, remote.AddressFamily, hops);
            await socket.ConnectAsync(remote, cancellationToken).ConfigureAwait(false);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
