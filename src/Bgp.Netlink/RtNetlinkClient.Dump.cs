using System.Net.Sockets;
using System.Text;
using Bgp.Netlink.Wire;

namespace Bgp.Netlink;

/// <summary>
/// Dumps: one NLM_F_DUMP request, then multi-part replies (NLM_F_MULTI) until NLMSG_DONE. With
/// NETLINK_GET_STRICT_CHK the kernel applies the table / protocol filters of the request header
/// (ip_valid_fib_dump_req); they are applied again here, since older kernels ignore them. A dump that
/// a concurrent change made inconsistent (NLM_F_DUMP_INTR) is run again.
/// </summary>
public sealed partial class RtNetlinkClient
{
    private const int DumpAttempts = 5;

    private enum DumpKind { Routes, Links, Addresses }

    /// <summary>Routes of one family; <paramref name="table"/> 0 and <paramref name="protocol"/> 0 mean any.</summary>
    public List<KernelRoute> DumpRoutes(AddressFamily family, uint table = 0, byte protocol = 0)
    {
        var routes = new List<KernelRoute>();
        RunDump(DumpKind.Routes, FamilyByte(family), table, protocol, routes, null, null);
        return routes;
    }

    public List<KernelLink> DumpLinks()
    {
        var links = new List<KernelLink>();
        RunDump(DumpKind.Links, 0, 0, 0, null, links, null);
        return links;
    }

    /// <summary>Addresses of one family, or both with <see cref="AddressFamily.Unspecified"/>.</summary>
    public List<InterfaceAddress> DumpAddresses(AddressFamily family = AddressFamily.Unspecified)
    {
        var addresses = new List<InterfaceAddress>();
        RunDump(DumpKind.Addresses, family == AddressFamily.Unspecified ? (byte)0 : FamilyByte(family), 0, 0, null, null, addresses);
        return addresses;
    }

    private static byte FamilyByte(AddressFamily family) => family switch
    {
        AddressFamily.InterNetwork => Rt.AF_INET,
        AddressFamily.InterNetworkV6 => Rt.AF_INET6,
        _ => throw new ArgumentOutOfRangeException(nameof(family), family, "IPv4 or IPv6"),
    };

    private void RunDump(DumpKind kind, byte family, uint table, byte protocol,
        List<KernelRoute>? routes, List<KernelLink>? links, List<InterfaceAddress>? addresses)
    {
        for (var attempt = 1; ; attempt++)
        {
            routes?.Clear();
            links?.Clear();
            addresses?.Clear();
            var interrupted = DumpOnce(kind, family, table, protocol, routes, links, addresses);
            if (!interrupted) return;
            if (attempt == DumpAttempts) throw new NetlinkException("dump (interrupted by changes " + DumpAttempts + " times)", Errno.EAGAIN);
        }
    }

    private bool DumpOnce(DumpKind kind, byte family, uint table, byte protocol,
        List<KernelRoute>? routes, List<KernelLink>? links, List<InterfaceAddress>? addresses)
    {
        var seq = nextSeq++;
        var w = new NetlinkWriter(sendBuffer);
        switch (kind)
        {
            case DumpKind.Routes:
                w.BeginMessage(Rt.RTM_GETROUTE, (ushort)(Nl.NLM_F_REQUEST | Nl.NLM_F_DUMP), seq, socket.PortId);
                var rtm = w.Reserve(Rt.RtMsgSize);
                rtm[0] = family;
                rtm[4] = table is > 0 and < 256 ? (byte)table : Rt.RT_TABLE_UNSPEC;
                rtm[5] = protocol;
                if (table >= 256) w.PutU32(Rt.RTA_TABLE, table);
                break;
            case DumpKind.Links:
                w.BeginMessage(Rt.RTM_GETLINK, (ushort)(Nl.NLM_F_REQUEST | Nl.NLM_F_DUMP), seq, socket.PortId);
                w.Reserve(Rt.IfInfoMsgSize);
                break;
            default:
                w.BeginMessage(Rt.RTM_GETADDR, (ushort)(Nl.NLM_F_REQUEST | Nl.NLM_F_DUMP), seq, socket.PortId);
                w.Reserve(Rt.IfAddrMsgSize)[0] = family;
                break;
        }
        w.EndMessage();
        var sendError = socket.Send(w.Written);
        if (sendError != 0) throw new NetlinkException("dump request", sendError);

        var interrupted = false;
        while (true)
        {
            var n = socket.Receive(receiveBuffer);
            if (n < 0) throw new NetlinkException("dump receive", -n == Errno.EAGAIN ? Errno.ETIMEDOUT : -n);
            var reader = new NetlinkReader(receiveBuffer.AsSpan(0, n));
            while (reader.MoveNext())
            {
                if (reader.Seq != seq) continue; // a stale ack of an earlier batch
                if ((reader.Flags & Nl.NLM_F_DUMP_INTR) != 0) interrupted = true;
                switch (reader.Type)
                {
                    case Nl.NLMSG_DONE:
                        // NLMSG_DONE carries an int: 0, or a negative errno when the dump failed midway.
                        var doneError = AckDecoder.ReadError(reader.Payload);
                        if (doneError > 0 && !NoSuchTable(kind, table, doneError)) throw new NetlinkException("dump", doneError);
                        return interrupted;
                    case Nl.NLMSG_ERROR:
                        var error = AckDecoder.ReadError(reader.Payload);
                        if (error == 0) continue;
                        if (NoSuchTable(kind, table, error)) return interrupted;
                        throw new NetlinkException("dump", error, AckDecoder.ReadMessage(reader.Payload, reader.Flags));
                    case Rt.RTM_NEWROUTE when routes is not null:
                        if (RouteDecoder.TryDecode(reader.Payload, out var route)
                            && (table == 0 || route.Table == table) && (protocol == 0 || route.Protocol == protocol))
                            routes.Add(route);
                        break;
                    case Rt.RTM_NEWLINK when links is not null:
                        if (TryDecodeLink(reader.Payload, out var link)) links.Add(link);
                        break;
                    case Rt.RTM_NEWADDR when addresses is not null:
                        if (TryDecodeAddress(reader.Payload, out var address)
                            && (family == 0 || address.Address.Family == family))
                            addresses.Add(address);
                        break;
                }
            }
            if (reader.Malformed) throw new NetlinkException("dump: malformed message from the kernel", Errno.EINVAL);
        }
    }

    // With strict checking the kernel answers a dump of a table that was never created with ENOENT
    // ("FIB table does not exist"); for the caller that table is simply empty.
    private static bool NoSuchTable(DumpKind kind, uint table, int error) =>
        kind == DumpKind.Routes && table != 0 && error == Errno.ENOENT;

    internal static bool TryDecodeLink(ReadOnlySpan<byte> payload, out KernelLink link)
    {
        link = null!;
        if (payload.Length < Rt.IfInfoMsgSize) return false;
        var index = System.Runtime.InteropServices.MemoryMarshal.Read<int>(payload[4..]);
        var flags = System.Runtime.InteropServices.MemoryMarshal.Read<uint>(payload[8..]);
        var name = "";
        var mtu = 0;
        var attrs = new AttributeReader(payload[Rt.IfInfoMsgSize..]);
        while (attrs.MoveNext())
        {
            if (attrs.Type == Rt.IFLA_IFNAME)
            {
                var v = attrs.Value;
                var nul = v.IndexOf((byte)0);
                name = Encoding.UTF8.GetString(nul < 0 ? v : v[..nul]);
            }
            else if (attrs.Type == Rt.IFLA_MTU) mtu = (int)attrs.ValueU32;
        }
        link = new KernelLink(index, name, flags, mtu);
        return true;
    }

    internal static bool TryDecodeAddress(ReadOnlySpan<byte> payload, out InterfaceAddress address)
    {
        address = null!;
        if (payload.Length < Rt.IfAddrMsgSize) return false;
        InetAddress local = default, peer = default;
        var attrs = new AttributeReader(payload[Rt.IfAddrMsgSize..]);
        while (attrs.MoveNext())
        {
            // IFA_LOCAL is the interface's own address; IFA_ADDRESS is the peer on point-to-point links
            // and equal to IFA_LOCAL otherwise (IPv6 sends only IFA_ADDRESS).
            if (attrs.Type == Rt.IFA_LOCAL) InetAddress.TryRead(attrs.Value, out local);
            else if (attrs.Type == Rt.IFA_ADDRESS) InetAddress.TryRead(attrs.Value, out peer);
        }
        var own = local.IsNone ? peer : local;
        if (own.IsNone) return false;
        address = new InterfaceAddress(System.Runtime.InteropServices.MemoryMarshal.Read<int>(payload[4..]), own, payload[1], payload[3]);
        return true;
    }
}
