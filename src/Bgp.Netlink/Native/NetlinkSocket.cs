using System.Runtime.InteropServices;
using Bgp.Netlink.Wire;

namespace Bgp.Netlink.Native;

/// <summary>
/// A bound NETLINK_ROUTE socket. Blocking, with a receive timeout, used by one thread at a time.
/// Options set at open:
/// <list type="bullet">
/// <item>large SO_SNDBUF / SO_RCVBUF (the FORCE variants first: root may pass net.core.*mem_max), so a
/// batch fits one send and its thousands of acks fit the receive queue;</item>
/// <item>NETLINK_EXT_ACK: errors carry the kernel's text ("Nexthop has invalid gateway");</item>
/// <item>NETLINK_CAP_ACK: an ack does not echo the whole request back;</item>
/// <item>NETLINK_GET_STRICT_CHK: dump requests are checked and their header filters applied by the
/// kernel (4.20+); older kernels refuse the option and we filter in code anyway.</item>
/// </list>
/// </summary>
internal sealed unsafe class NetlinkSocket : IDisposable
{
    private int fd;

    private NetlinkSocket(int fd) => this.fd = fd;

    public uint PortId { get; private set; }
    public int ReceiveBufferBytes { get; private set; }
    public bool StrictCheck { get; private set; }

    public static NetlinkSocket Open(NetlinkOptions options)
    {
        if (options.NetworkNamespacePath is null) return OpenHere(options);

        // setns changes only the calling thread; a socket keeps the namespace it was made in, so a
        // thread that joins, opens and exits leaves the process's own threads where they were.
        NetlinkSocket? socket = null;
        Exception? error = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var ns = File.OpenHandle(options.NetworkNamespacePath);
                if (LibC.SetNs((int)ns.DangerousGetHandle(), LibC.CLONE_NEWNET) != 0)
                    throw new NetlinkException("setns(" + options.NetworkNamespacePath + ")", Marshal.GetLastPInvokeError());
                socket = OpenHere(options);
            }
            catch (Exception e) when (e is NetlinkException or IOException or UnauthorizedAccessException)
            {
                error = e;
            }
        });
        thread.Start();
        thread.Join();
        if (error is not null) throw error;
        return socket!;
    }

    private static NetlinkSocket OpenHere(NetlinkOptions options)
    {
        var fd = LibC.Socket(LibC.AF_NETLINK, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, Nl.NETLINK_ROUTE);
        if (fd < 0) throw new NetlinkException("socket(AF_NETLINK)", Marshal.GetLastPInvokeError());
        var socket = new NetlinkSocket(fd);
        try
        {
            socket.Configure(options);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private void Configure(NetlinkOptions options)
    {
        SetBuffer(LibC.SO_SNDBUFFORCE, LibC.SO_SNDBUF, options.SocketBufferBytes);
        SetBuffer(LibC.SO_RCVBUFFORCE, LibC.SO_RCVBUF, options.SocketBufferBytes);
        ReceiveBufferBytes = GetInt(LibC.SOL_SOCKET, LibC.SO_RCVBUF);

        SetInt(Nl.SOL_NETLINK, Nl.NETLINK_EXT_ACK, 1, required: false);
        SetInt(Nl.SOL_NETLINK, Nl.NETLINK_CAP_ACK, 1, required: false);
        StrictCheck = SetInt(Nl.SOL_NETLINK, Nl.NETLINK_GET_STRICT_CHK, 1, required: false);

        var micros = (long)(options.ReceiveTimeout.Ticks / 10);
        var timeval = stackalloc long[2] { micros / 1_000_000, micros % 1_000_000 };
        if (LibC.SetSockOpt(fd, LibC.SOL_SOCKET, LibC.SO_RCVTIMEO, timeval, 16) != 0)
            throw new NetlinkException("setsockopt(SO_RCVTIMEO)", Marshal.GetLastPInvokeError());

        // struct sockaddr_nl { sa_family_t nl_family; u16 pad; u32 nl_pid; u32 nl_groups; }: pid 0 lets the kernel pick.
        var addr = stackalloc uint[3] { LibC.AF_NETLINK, 0, options.MulticastGroups };
        if (LibC.Bind(fd, addr, 12) != 0) throw new NetlinkException("bind(AF_NETLINK)", Marshal.GetLastPInvokeError());
        var len = 12u;
        if (LibC.GetSockName(fd, addr, &len) != 0) throw new NetlinkException("getsockname", Marshal.GetLastPInvokeError());
        PortId = addr[1];
    }

    private void SetBuffer(int forced, int plain, int bytes)
    {
        if (LibC.SetSockOpt(fd, LibC.SOL_SOCKET, forced, &bytes, sizeof(int)) == 0) return;
        // Without CAP_NET_ADMIN the plain option silently caps at net.core.[rw]mem_max.
        if (LibC.SetSockOpt(fd, LibC.SOL_SOCKET, plain, &bytes, sizeof(int)) != 0)
            throw new NetlinkException("setsockopt(SO_SNDBUF/SO_RCVBUF)", Marshal.GetLastPInvokeError());
    }

    private bool SetInt(int level, int name, int value, bool required)
    {
        if (LibC.SetSockOpt(fd, level, name, &value, sizeof(int)) == 0) return true;
        if (required) throw new NetlinkException("setsockopt(" + name + ")", Marshal.GetLastPInvokeError());
        return false;
    }

    private int GetInt(int level, int name)
    {
        int value;
        var len = (uint)sizeof(int);
        if (LibC.GetSockOpt(fd, level, name, &value, &len) != 0)
            throw new NetlinkException("getsockopt(" + name + ")", Marshal.GetLastPInvokeError());
        return value;
    }

    /// <summary>Sends one datagram holding any number of messages; returns 0 or a positive errno.</summary>
    public int Send(ReadOnlySpan<byte> data)
    {
        ObjectDisposedException.ThrowIf(fd < 0, this);
        while (true)
        {
            nint sent;
            fixed (byte* p = data) sent = LibC.Send(fd, p, data.Length, 0);
            if (sent >= 0) return sent == data.Length ? 0 : Errno.EMSGSIZE;
            var errno = Marshal.GetLastPInvokeError();
            if (errno != Errno.EINTR) return errno;
        }
    }

    /// <summary>
    /// Receives one datagram; returns its length, or a negative errno (EAGAIN after the receive timeout,
    /// ENOBUFS when the kernel dropped messages because the receive queue was full). A datagram longer
    /// than the buffer is reported as -EMSGSIZE (MSG_TRUNC gives its real length).
    /// </summary>
    public int Receive(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(fd < 0, this);
        while (true)
        {
            nint n;
            fixed (byte* p = buffer) n = LibC.Recv(fd, p, buffer.Length, LibC.MSG_TRUNC);
            if (n > buffer.Length) return -Errno.EMSGSIZE;
            if (n >= 0) return (int)n;
            var errno = Marshal.GetLastPInvokeError();
            if (errno != Errno.EINTR) return -errno;
        }
    }

    public void Dispose()
    {
        var old = Interlocked.Exchange(ref fd, -1);
        if (old >= 0) LibC.Close(old);
    }
}
