namespace Bgp.Netlink.Wire;

/// <summary>
/// Encodes RTM_NEWROUTE / RTM_DELROUTE the way iproute2 and BIRD's netlink.c do:
/// <code>
/// nlmsghdr | rtmsg | RTA_TABLE u32 | RTA_DST addr | RTA_PRIORITY u32 |
///   one next hop:  RTA_GATEWAY addr (or RTA_VIA rtvia) | RTA_OIF u32   (onlink: rtm_flags |= RTNH_F_ONLINK)
///   several:       RTA_MULTIPATH { rtnexthop{len, flags, hops = weight-1, ifindex} RTA_GATEWAY|RTA_VIA }...
/// </code>
/// rtm_table holds tables up to 255 and RT_TABLE_UNSPEC otherwise; RTA_TABLE always carries the full
/// 32-bit id. A delete keeps the protocol (the kernel then removes only a route of that protocol, so
/// routes of other daemons and static routes are never hit) and scope RT_SCOPE_NOWHERE ("any").
/// </summary>
internal static class RouteEncoder
{
    /// <summary>Exact encoded size of the request, so a batch can check room before writing.</summary>
    public static int Measure(in RouteRequest request)
    {
        var route = request.Route;
        var addr = route.Destination.Address.ByteLength;
        var size = Nl.HeaderSize + Rt.RtMsgSize + 8; // header, rtmsg, RTA_TABLE
        if (route.Destination.Length > 0) size += Nl.Align(4 + addr);
        if (route.Metric != 0) size += 8;
        if (route.MultiPath.Length > 0)
        {
            size += 4;
            foreach (ref readonly var nh in route.MultiPath.Span)
                size += Rt.RtNextHopSize + GatewaySize(nh.Gateway, route.Destination.Address);
        }
        else
        {
            size += GatewaySize(route.NextHop.Gateway, route.Destination.Address);
            if (route.NextHop.InterfaceIndex != 0) size += 8;
        }
        return size;
    }

    private static int GatewaySize(InetAddress gateway, InetAddress destination) =>
        gateway.IsNone ? 0 :
        gateway.Family == destination.Family ? Nl.Align(4 + gateway.ByteLength) : Nl.Align(4 + 2 + gateway.ByteLength);

    /// <summary>Writes the request; the caller made sure <see cref="Measure"/> bytes are free.</summary>
    public static void Write(ref NetlinkWriter w, in RouteRequest request, uint seq, uint portId, NetlinkOptions defaults)
    {
        var route = request.Route;
        var delete = request.Operation == RouteOperation.Delete;
        var flags = (ushort)(Nl.NLM_F_REQUEST | Nl.NLM_F_ACK | request.Operation switch
        {
            RouteOperation.Add => Nl.NLM_F_CREATE | Nl.NLM_F_EXCL,
            RouteOperation.Replace => Nl.NLM_F_CREATE | Nl.NLM_F_REPLACE,
            _ => 0,
        });
        w.BeginMessage(delete ? Rt.RTM_DELROUTE : Rt.RTM_NEWROUTE, flags, seq, portId);

        var table = route.Table != 0 ? route.Table : defaults.Table;
        var type = route.Type == RouteType.Unspecified && !delete ? RouteType.Unicast : route.Type;
        var single = route.MultiPath.Length == 0;
        var deviceOnly = single && route.NextHop.Gateway.IsNone && route.NextHop.InterfaceIndex != 0;
        var scope = delete ? Rt.RT_SCOPE_NOWHERE
            : route.Scope ?? (type == RouteType.Unicast && deviceOnly ? Rt.RT_SCOPE_LINK : Rt.RT_SCOPE_UNIVERSE);

        var rtm = w.Reserve(Rt.RtMsgSize);
        rtm[0] = route.Destination.Address.Family;
        rtm[1] = route.Destination.Length;
        rtm[4] = table < 256 ? (byte)table : Rt.RT_TABLE_UNSPEC;
        rtm[5] = route.Protocol != 0 ? route.Protocol : defaults.Protocol;
        rtm[6] = scope;
        rtm[7] = (byte)type;
        if (single && route.NextHop.OnLink) rtm[8] = Rt.RTNH_F_ONLINK; // rtm_flags, low byte (host order)

        w.PutU32(Rt.RTA_TABLE, table);
        if (route.Destination.Length > 0) w.PutAddress(Rt.RTA_DST, route.Destination.Address);
        if (route.Metric != 0) w.PutU32(Rt.RTA_PRIORITY, route.Metric);

        if (single)
        {
            PutGateway(ref w, route.NextHop.Gateway, route.Destination.Address);
            if (route.NextHop.InterfaceIndex != 0) w.PutU32(Rt.RTA_OIF, (uint)route.NextHop.InterfaceIndex);
        }
        else
        {
            var mp = w.BeginNested(Rt.RTA_MULTIPATH);
            foreach (ref readonly var nh in route.MultiPath.Span)
            {
                var hops = (byte)Math.Clamp(nh.Weight - 1, 0, 255);
                var start = w.BeginNextHop(nh.OnLink ? Rt.RTNH_F_ONLINK : (byte)0, hops, nh.InterfaceIndex);
                PutGateway(ref w, nh.Gateway, route.Destination.Address);
                w.EndNested(start);
            }
            w.EndNested(mp);
        }
        w.EndMessage();
    }

    private static void PutGateway(ref NetlinkWriter w, InetAddress gateway, InetAddress destination)
    {
        if (gateway.IsNone) return;
        if (gateway.Family == destination.Family) w.PutAddress(Rt.RTA_GATEWAY, gateway);
        else w.PutVia(gateway);
    }
}
