using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Bgp.Daemon.Transport;

/// <summary>
/// The two Linux socket options a BGP speaker needs that .NET does not wrap, set through libc's
/// setsockopt: TCP MD5 signatures (RFC 2385, TCP_MD5SIG) and the Generalized TTL Security Mechanism
/// (RFC 5082: send with TTL 255, refuse segments that arrive with less than 256 - hops).
/// <para>
/// MD5 keys are per peer address and must be on the socket before the first segment: on the listening
/// socket (the kernel checks the SYN) and on an outgoing socket before connect. On an IPv6 socket an
/// IPv4 peer is keyed by its v4-mapped address; the kernel files it as an IPv4 key.
/// </para>
/// </summary>
public static partial class LinuxSocketOptions
{
    private const int IPPROTO_IP = 0;
    private const int IPPROTO_TCP = 6;
    private const int IPPROTO_IPV6 = 41;
    private const int TCP_MD5SIG = 14;
    private const int IP_TTL = 2;
    private const int IP_MINTTL = 21;
    private const int IPV6_UNICAST_HOPS = 16;
    private const int IPV6_MINHOPCOUNT = 73;
    private const int AF_INET = 2;
    private const int AF_INET6 = 10;

    /// <summary>TCP_MD5SIG_MAXKEYLEN of linux/tcp.h.</summary>
    public const int MaxMd5KeyLength = 80;

    /// <summary>
    /// struct tcp_md5sig (linux/tcp.h): sockaddr_storage tcpm_addr; u8 tcpm_flags; u8 tcpm_prefixlen;
    /// u16 tcpm_keylen; u32 tcpm_ifindex; u8 tcpm_key[80]. 216 octets, blittable.
    /// </summary>
    [StructLayout(LayoutKind.Sequential)]
    private unsafe struct TcpMd5Sig
    {
        public fixed byte Addr[128];
        public byte Flags;
        public byte PrefixLength;
        public ushort KeyLength;
        public uint IfIndex;
        public fixed byte Key[MaxMd5KeyLength];
    }

    [LibraryImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
    private static unsafe partial int SetSockOpt(nint fd, int level, int name, void* value, uint length);

    /// <summary>Whether this OS can have the options at all (Linux only).</summary>
    public static bool IsSupported => OperatingSystem.IsLinux();

    /// <summary>
    /// Installs (or with a null/empty <paramref name="password"/> removes) the RFC 2385 key for
    /// <paramref name="peer"/> on <paramref name="socket"/>. Linux replaces an existing key for the address in
    /// place, deletes it when tcpm_keylen is 0, and refuses to delete a key that is not there (ENOENT), so a
    /// caller removing keys must know which it installed (BgpSpeaker keeps that table for its listener).
    /// </summary>
    public static unsafe void SetMd5Signature(Socket socket, IPAddress peer, string? password)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(peer);
        RequireLinux("TCP_MD5SIG");
        var sig = default(TcpMd5Sig);
        var addr = socket.AddressFamily == AddressFamily.InterNetworkV6 && peer.AddressFamily == AddressFamily.InterNetwork
            ? peer.MapToIPv6()
            : peer;
        WriteSockaddr(new Span<byte>(sig.Addr, 128), addr);
        if (!string.IsNullOrEmpty(password))
        {
            var key = new Span<byte>(sig.Key, MaxMd5KeyLength);
            int n;
            try
            {
                n = System.Text.Encoding.UTF8.GetBytes(password, key);
            }
            catch (ArgumentException)
            {
                throw new ArgumentException($"TCP_MD5SIG: the password is longer than {MaxMd5KeyLength} octets", nameof(password));
            }
            sig.KeyLength = (ushort)n;
        }
        Set(socket, IPPROTO_TCP, TCP_MD5SIG, &sig, (uint)sizeof(TcpMd5Sig), "TCP_MD5SIG");
    }

    /// <summary>
    /// RFC 5082 on a connected (or about to connect) socket talking to a peer of <paramref name="peerFamily"/>:
    /// our segments leave with TTL / hop limit 255 and the kernel drops the peer's that arrive with less
    /// than 256 - <paramref name="hops"/> (255 for a directly connected peer).
    /// </summary>
    public static void SetTtlSecurity(Socket socket, AddressFamily peerFamily, int hops)
    {
        ArgumentNullException.ThrowIfNull(socket);
        if (hops is < 1 or > 254) throw new ArgumentOutOfRangeException(nameof(hops), hops, "GTSM hops must be 1-254");
        SetOutgoingTtl(socket, peerFamily);
        int min = 256 - hops;
        if (peerFamily == AddressFamily.InterNetwork) SetInt(socket, IPPROTO_IP, IP_MINTTL, min, "IP_MINTTL");
        else SetInt(socket, IPPROTO_IPV6, IPV6_MINHOPCOUNT, min, "IPV6_MINHOPCOUNT");
    }

    /// <summary>Sends with TTL / hop limit 255 (the GTSM sender half; also right for a listening socket's SYN-ACKs).</summary>
    public static void SetOutgoingTtl(Socket socket, AddressFamily peerFamily)
    {
        ArgumentNullException.ThrowIfNull(socket);
        // A v4 peer on an IPv6 socket (v4-mapped) is sent IPv4 packets: the IP-level option applies.
        if (peerFamily == AddressFamily.InterNetwork) SetInt(socket, IPPROTO_IP, IP_TTL, 255, "IP_TTL");
        if (socket.AddressFamily == AddressFamily.InterNetworkV6) SetInt(socket, IPPROTO_IPV6, IPV6_UNICAST_HOPS, 255, "IPV6_UNICAST_HOPS");
    }

    private static unsafe void SetInt(Socket socket, int level, int name, int value, string option)
    {
        RequireLinux(option);
        Set(socket, level, name, &value, sizeof(int), option);
    }

    private static unsafe void Set(Socket socket, int level, int name, void* value, uint length, string option)
    {
        if (SetSockOpt(socket.Handle, level, name, value, length) != 0)
            throw new SocketOptionException(option, Marshal.GetLastPInvokeError());
    }

    private static void RequireLinux(string option)
    {
        if (!OperatingSystem.IsLinux()) throw new PlatformNotSupportedException($"{option} is only implemented for Linux");
    }

    /// <summary>sockaddr_in / sockaddr_in6 with port 0 (the MD5 key matches any port).</summary>
    private static void WriteSockaddr(Span<byte> dest, IPAddress addr)
    {
        if (addr.AddressFamily == AddressFamily.InterNetwork)
        {
            BitConverter.TryWriteBytes(dest, (ushort)AF_INET); // sa_family is host order
            addr.TryWriteBytes(dest[4..], out _);
        }
        else
        {
            BitConverter.TryWriteBytes(dest, (ushort)AF_INET6);
            addr.TryWriteBytes(dest[8..], out _);
            BitConverter.TryWriteBytes(dest[24..], (uint)addr.ScopeId);
        }
    }
}
