namespace Bgp.Netlink;

/// <summary>
/// A route as the kernel holds it. A single next hop goes in <see cref="NextHop"/>; an ECMP route puts
/// two or more in <see cref="MultiPath"/> (RTA_MULTIPATH), which then wins over <see cref="NextHop"/>.
/// <see cref="Table"/> 0 and <see cref="Protocol"/> 0 mean the client's configured defaults
/// (<see cref="NetlinkOptions.Table"/>, <see cref="NetlinkOptions.Protocol"/>). A struct whose
/// next-hop array the caller may reuse, so building and encoding a route allocates nothing.
/// </summary>
public readonly struct KernelRoute
{
    public InetPrefix Destination { get; init; }
    public uint Table { get; init; }
    public byte Protocol { get; init; }
    public RouteType Type { get; init; }
    /// <summary>rtm_scope; null: link scope for an interface-only unicast route, universe otherwise.</summary>
    public byte? Scope { get; init; }
    /// <summary>RTA_PRIORITY, the route's metric; 0 sends none (the kernel's default, 0 for IPv4, 1024 for IPv6).</summary>
    public uint Metric { get; init; }
    public RouteNextHop NextHop { get; init; }
    public ReadOnlyMemory<RouteNextHop> MultiPath { get; init; }

    /// <summary>How many next hops the route has: the multipath set's size, 1, or 0 for a blackhole.</summary>
    public int NextHopCount =>
        MultiPath.Length > 0 ? MultiPath.Length : NextHop.Gateway.IsNone && NextHop.InterfaceIndex == 0 ? 0 : 1;

    /// <summary>Next hop <paramref name="index"/> whichever way they are held.</summary>
    public RouteNextHop NextHopAt(int index) => MultiPath.Length > 0 ? MultiPath.Span[index] : NextHop;

    public override string ToString()
    {
        var s = Destination + " table " + Table + " proto " + Protocol + " " + Type + " metric " + Metric;
        for (var i = 0; i < NextHopCount; i++) s += " [" + NextHopAt(i) + "]";
        return s;
    }
}
