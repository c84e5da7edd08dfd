namespace Bgp.Netlink;

/// <summary>
/// One next hop: a gateway, an interface, or both. A gateway of another family than the route (an
/// IPv4 route via an IPv6 gateway, RFC 5549 style) is sent as RTA_VIA. <see cref="OnLink"/> sets
/// RTNH_F_ONLINK: the kernel takes the gateway as directly reachable on the interface without
/// checking for a connected route to it. <see cref="Weight"/> (1-256) only matters in a multipath route.
/// </summary>
public readonly record struct RouteNextHop(InetAddress Gateway, int InterfaceIndex = 0, bool OnLink = false, int Weight = 1)
{
    public static RouteNextHop Via(InetAddress gateway, int interfaceIndex = 0) => new(gateway, interfaceIndex);

    public static RouteNextHop Device(int interfaceIndex) => new(default, interfaceIndex);

    public override string ToString() =>
        (Gateway.IsNone ? "" : "via " + Gateway + " ") + (InterfaceIndex == 0 ? "" : "dev#" + InterfaceIndex) + (OnLink ? " onlink" : "");
}
