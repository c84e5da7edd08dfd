using System.Globalization;
using Bgp.Netlink;

namespace Bgp.KernelBench;

/// <summary>
/// The routes every contender installs into table main: IPv4 /24s counting up from 16.0.0.0 (room for
/// 2^20 of them in 16.0.0.0/4) via 10.0.0.2, and IPv6 /64s counting up from 2001:db8:: via fd00:1::2.
/// Both gateways sit on the veth the script gives the namespace.
/// </summary>
internal static class Workload
{
    public static KernelRoute V4(int i) => new()
    {
        Destination = new InetPrefix(InetAddress.FromIPv4((16u << 24) + ((uint)i << 8)), 24),
        NextHop = RouteNextHop.Via(InetAddress.FromIPv4((10u << 24) + 2)),
    };

    public static KernelRoute V6(int i) => new()
    {
        Destination = new InetPrefix(InetAddress.FromIPv6(0x2001_0db8_0000_0000UL + (ulong)i, 0), 64),
        NextHop = RouteNextHop.Via(InetAddress.Parse("fd00:1::2")),
    };

    public static string V4Text(int i) => string.Create(CultureInfo.InvariantCulture, $"{16 + (i >> 16)}.{(i >> 8) & 255}.{i & 255}.0/24");

    public static string V6Text(int i) => V6(i).Destination.ToString();
}
