namespace Bgp.Netlink.Sync;

/// <summary>
/// Whether a route the kernel holds is the route we want, so that reconciliation leaves right routes
/// alone. The kernel fills in what a request left open (the outgoing interface of a gateway, the
/// scope, IPv6's default metric 1024), so an unset field of the wanted route matches anything; ECMP
/// next hops match as a set (order is not significant) and with their weights.
/// </summary>
internal static class RouteMatch
{
    /// <summary>IP6_RT_PRIO_USER: the metric the kernel gives an IPv6 route that asks for none.</summary>
    public const uint Ipv6DefaultMetric = 1024;

    /// <summary>The wanted route with the sync's table and protocol and the kernel's defaults filled in.</summary>
    public static KernelRoute Normalize(in KernelRoute route, uint table, byte protocol)
    {
        if (route.Table != 0 && route.Table != table)
            throw new ArgumentException("route " + route.Destination + " is for table " + route.Table + ", this sync owns table " + table, nameof(route));
        if (route.Protocol != 0 && route.Protocol != protocol)
            throw new ArgumentException("route " + route.Destination + " has protocol " + route.Protocol + ", this sync owns protocol " + protocol, nameof(route));
        return new KernelRoute
        {
            Destination = route.Destination,
            Table = table,
            Protocol = protocol,
            Type = route.Type == RouteType.Unspecified ? RouteType.Unicast : route.Type,
            Scope = route.Scope,
            Metric = route.Metric == 0 && !route.Destination.IsIPv4 ? Ipv6DefaultMetric : route.Metric,
            NextHop = route.MultiPath.Length > 0 ? default : route.NextHop,
            // The caller may reuse its next-hop array; we keep the route until a later flush.
            MultiPath = route.MultiPath.Length > 0 ? route.MultiPath.ToArray() : default,
        };
    }

    /// <summary><paramref name="kernel"/> is what <paramref name="wanted"/> (normalized) asks for.</summary>
    public static bool Same(in KernelRoute wanted, in KernelRoute kernel)
    {
        if (wanted.Destination != kernel.Destination || wanted.Table != kernel.Table || wanted.Protocol != kernel.Protocol
            || wanted.Type != kernel.Type || wanted.Metric != kernel.Metric)
            return false;
        if (wanted.Scope is byte scope && scope != kernel.Scope) return false;
        // Blackhole and unreachable routes have no next hops to compare (IPv6 shows them on lo).
        if (wanted.Type != RouteType.Unicast) return true;
        var count = wanted.NextHopCount;
        if (count != kernel.NextHopCount) return false;
        for (var i = 0; i < count; i++)
        {
            var found = false;
            for (var j = 0; j < count && !found; j++)
                found = SameHop(wanted.NextHopAt(i), kernel.NextHopAt(j), count > 1);
            if (!found) return false;
        }
        return true;
    }

    private static bool SameHop(in RouteNextHop wanted, in RouteNextHop kernel, bool weighted) =>
        wanted.Gateway == kernel.Gateway
        && (wanted.InterfaceIndex == 0 || wanted.InterfaceIndex == kernel.InterfaceIndex)
        && wanted.OnLink == kernel.OnLink
        && (!weighted || wanted.Weight == kernel.Weight);
}
