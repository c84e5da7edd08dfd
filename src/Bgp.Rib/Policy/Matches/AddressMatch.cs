using System.Net;
using System.Net.Sockets;
using Bgp.Protocol;

namespace Bgp.Rib.Policy;

/// <summary>
/// Address-in-prefix without allocating (the address is read into a stack buffer). An IPv4-mapped IPv6
/// address (what a dual-stack listener reports for an IPv4 peer, RFC 4291 2.5.5.2) matches as its IPv4 address.
/// </summary>
internal static class AddressMatch
{
    public static bool InPrefix(Prefix range, IPAddress address)
    {
        var family = address.AddressFamily;
        if (family is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)) return false;
        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out int written)) return false;
        bool v6 = written == 16;
        if (v6 && !range.IsIpv6 && address.IsIPv4MappedToIPv6)
            return range.Contains(Prefix.FromNlriBytes(false, 32, bytes[12..16]));
        if (v6 != range.IsIpv6) return false;
        return range.Contains(Prefix.FromNlriBytes(v6, v6 ? 128 : 32, bytes[..written]));
    }
}
