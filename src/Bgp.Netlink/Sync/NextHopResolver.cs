using System.Net.Sockets;

namespace Bgp.Netlink.Sync;

/// <summary>
/// Resolves a route's gateway the way BIRD's recursive next hops (nest/rt-table.c, rta_set_recursive_next_hop)
/// do against the kernel's own table: the longest prefix of the resolution table (main) that covers the
/// gateway, skipping routes of our own protocol (a route never resolves through another of ours, which
/// could loop) and any whose interface is down or has no carrier.
/// <list type="bullet">
/// <item>a connected (interface-only) route: the gateway is directly reachable, installed via it,
/// on-link, on that interface;</item>
/// <item>a route with a gateway: installed via that route's gateway and interface;</item>
/// <item>nothing usable: <see cref="NextHopResolution.Unreachable"/>.</item>
/// </list>
/// Works from a snapshot taken by <see cref="Refresh"/> (links and the table's unicast routes), which
/// the owner takes again when a link, address or route notification arrives. Not thread-safe.
/// </summary>
public sealed class NextHopResolver(RtNetlinkClient client, uint table = 254, byte ownProtocol = 186)
{
    private readonly Dictionary<int, KernelLink> links = [];
    private readonly List<KernelRoute> v4 = [];
    private readonly List<KernelRoute> v6 = [];

    /// <summary>Interfaces by index from the last refresh.</summary>
    public IReadOnlyDictionary<int, KernelLink> Links => links;

    /// <summary>Takes a new snapshot of the links and the resolution table's routes.</summary>
    public void Refresh()
    {
        links.Clear();
        foreach (var l in client.DumpLinks()) links[l.Index] = l;
        Load(v4, client.DumpRoutes(AddressFamily.InterNetwork, table));
        Load(v6, client.DumpRoutes(AddressFamily.InterNetworkV6, table));
    }

    private void Load(List<KernelRoute> into, List<KernelRoute> routes)
    {
        into.Clear();
        foreach (var r in routes)
            if (r.Protocol != ownProtocol && r.Type == RouteType.Unicast && r.NextHopCount > 0) into.Add(r);
    }

    /// <summary>Resolves <paramref name="gateway"/>; <paramref name="hop"/> is what to install when it is reachable.</summary>
    public NextHopResolution Resolve(InetAddress gateway, out RouteNextHop hop) => Resolve(gateway, out hop, out _);

    /// <summary>
    /// Resolves <paramref name="gateway"/> as <see cref="Resolve(InetAddress, out RouteNextHop)"/> does, and gives
    /// the metric (priority) of the covering route it chose, 0 when unreachable: what BIRD calls the IGP metric
    /// of a recursive next hop, for the BGP decision (RFC 4271 9.1.2.2 (e)).
    /// </summary>
    public NextHopResolution Resolve(InetAddress gateway, out RouteNextHop hop, out uint metric)
    {
        hop = default;
        metric = 0;
        var routes = gateway.IsIPv4 ? v4 : v6;
        var best = -1;
        var bestLength = -1;
        var bestMetric = uint.MaxValue;
        for (var i = 0; i < routes.Count; i++)
        {
            var r = routes[i];
            var length = r.Destination.Length;
            if (length < bestLength || !Covers(r.Destination, gateway)) continue;
            if (length == bestLength && r.Metric >= bestMetric) continue;
            if (!TryUsableHop(r, out _)) continue;
            best = i;
            bestLength = length;
            bestMetric = r.Metric;
        }
        if (best < 0) return NextHopResolution.Unreachable;
        metric = bestMetric;
        TryUsableHop(routes[best], out var via);
        if (via.Gateway.IsNone)
        {
            hop = new RouteNextHop(gateway, via.InterfaceIndex, OnLink: true);
            return NextHopResolution.Connected;
        }
        hop = new RouteNextHop(via.Gateway, via.InterfaceIndex);
        return NextHopResolution.Recursive;
    }

    // The first next hop of the route whose interface is up with carrier.
    private bool TryUsableHop(in KernelRoute route, out RouteNextHop hop)
    {
        for (var i = 0; i < route.NextHopCount; i++)
        {
            hop = route.NextHopAt(i);
            if (hop.InterfaceIndex != 0 && links.TryGetValue(hop.InterfaceIndex, out var link) && link.IsUp && link.HasCarrier) return true;
        }
        hop = default;
        return false;
    }

    private static bool Covers(InetPrefix prefix, InetAddress address)
    {
        if (prefix.Address.IsIPv4 != address.IsIPv4) return false;
        return new InetPrefix(address, prefix.Length).Address == prefix.Address;
    }
}
