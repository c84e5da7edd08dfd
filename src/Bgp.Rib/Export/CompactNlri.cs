using System.Runtime.CompilerServices;
using Bgp.Protocol;

namespace Bgp.Rib.Export;

/// <summary>
/// An IPv4 route with a path id below 2^24 (every route without ADD-PATH, RFC 7911) packed into a ulong:
/// address in the top 32 bits, then the path id (24 bits), then the length. A <see cref="Nlri"/> is 32
/// octets because its <see cref="Prefix"/> is sized for IPv6, and the Adj-RIB-Out keeps one key per route
/// per peer (sent and pending), so the 8-octet form is what a full table or a route reflector's fan-out
/// fits in. IPv6 routes and large path ids stay <see cref="Nlri"/>.
/// </summary>
internal static class CompactNlri
{
    public const uint MaxPathId = (1u << 24) - 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryPack(in Nlri nlri, out ulong key)
    {
        var prefix = nlri.Prefix;
        if (prefix.IsIpv6 || nlri.PathId > MaxPathId)
        {
            key = 0;
            return false;
        }
        key = ((ulong)prefix.Ipv4Bits << 32) | ((ulong)nlri.PathId << 8) | (uint)prefix.Length;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Nlri Unpack(ulong key) =>
        new(Prefix.V4((uint)(key >> 32), (int)(key & 0xFF)), (uint)(key >> 8) & MaxPathId);

    /// <summary>The NLRI field octets of a packed route (length octet and address octets, RFC 4271 4.3).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int ByteCount(ulong key) => (((int)(key & 0xFF)) + 7) >> 3;
}
