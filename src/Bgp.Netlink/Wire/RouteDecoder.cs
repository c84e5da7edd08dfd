using System.Runtime.InteropServices;

namespace Bgp.Netlink.Wire;

/// <summary>
/// Decodes one RTM_NEWROUTE of a dump into a <see cref="KernelRoute"/>. Cached clones (RTM_F_CLONED,
/// exceptions such as PMTU entries) and messages too short for an rtmsg are skipped.
/// </summary>
internal static class RouteDecoder
{
    public static bool TryDecode(ReadOnlySpan<byte> payload, out KernelRoute route)
    {
        route = default;
        if (payload.Length < Rt.RtMsgSize) return false;
        var family = payload[0];
        if (family != Rt.AF_INET && family != Rt.AF_INET6) return false;
        var flags = MemoryMarshal.Read<uint>(payload[8..]);
        if ((flags & Rt.RTM_F_CLONED) != 0) return false;

        uint table = payload[4];
        InetAddress dst = default, gateway = default;
        var oif = 0;
        uint metric = 0;
        RouteNextHop[]? multipath = null;
        var attrs = new AttributeReader(payload[Rt.RtMsgSize..]);
        while (attrs.MoveNext())
        {
            switch (attrs.Type)
            {
                case Rt.RTA_TABLE: table = attrs.ValueU32; break;
                case Rt.RTA_DST: InetAddress.TryRead(attrs.Value, out dst); break;
                case Rt.RTA_GATEWAY: InetAddress.TryRead(attrs.Value, out gateway); break;
                case Rt.RTA_VIA: TryReadVia(attrs.Value, out gateway); break;
                case Rt.RTA_OIF: oif = (int)attrs.ValueU32; break;
                case Rt.RTA_PRIORITY: metric = attrs.ValueU32; break;
                case Rt.RTA_MULTIPATH: multipath = DecodeMultipath(attrs.Value); break;
            }
        }
        if (dst.IsNone) dst = family == Rt.AF_INET ? InetAddress.FromIPv4(0) : InetAddress.FromIPv6(0, 0);
        if (payload[1] > dst.ByteLength * 8) return false;

        route = new KernelRoute
        {
            Destination = new InetPrefix(dst, payload[1]),
            Table = table,
            Protocol = payload[5],
            Scope = payload[6],
            Type = (RouteType)payload[7],
            Metric = metric,
            NextHop = multipath is null ? new RouteNextHop(gateway, oif, (flags & Rt.RTNH_F_ONLINK) != 0) : default,
            MultiPath = multipath,
        };
        return true;
    }

    private static RouteNextHop[] DecodeMultipath(ReadOnlySpan<byte> value)
    {
        var list = new List<RouteNextHop>(4);
        while (value.Length >= Rt.RtNextHopSize)
        {
            var len = MemoryMarshal.Read<ushort>(value);
            if (len < Rt.RtNextHopSize || len > value.Length) break;
            var flags = value[2];
            var hops = value[3];
            var ifIndex = MemoryMarshal.Read<int>(value[4..]);
            InetAddress gateway = default;
            var attrs = new AttributeReader(value[Rt.RtNextHopSize..len]);
            while (attrs.MoveNext())
            {
                if (attrs.Type == Rt.RTA_GATEWAY) InetAddress.TryRead(attrs.Value, out gateway);
                else if (attrs.Type == Rt.RTA_VIA) TryReadVia(attrs.Value, out gateway);
            }
            list.Add(new RouteNextHop(gateway, ifIndex, (flags & Rt.RTNH_F_ONLINK) != 0, hops + 1));
            value = value[Math.Min(Nl.Align(len), value.Length)..];
        }
        return list.ToArray();
    }

    private static bool TryReadVia(ReadOnlySpan<byte> value, out InetAddress address)
    {
        address = default;
        return value.Length >= 2 && InetAddress.TryRead(value[2..], out address);
    }
}
