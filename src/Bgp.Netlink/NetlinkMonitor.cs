using Bgp.Netlink.Native;
using Bgp.Netlink.Wire;

namespace Bgp.Netlink;

/// <summary>
/// A NETLINK_ROUTE socket bound to the link, address and route multicast groups (RTMGRP_LINK,
/// RTMGRP_IPV4_IFADDR, RTMGRP_IPV6_IFADDR, RTMGRP_IPV4_ROUTE, RTMGRP_IPV6_ROUTE), like the scan socket of
/// BIRD's sysdep/linux/netlink.c: the kernel pushes RTM_NEWLINK / DELLINK / NEWADDR / DELADDR / NEWROUTE /
/// DELROUTE to it as they happen. A separate socket from the request one, so notifications never mix
/// with acknowledgements. Route notifications of <see cref="IgnoredProtocol"/> (our own installs, a
/// full table of them) are read and dropped here.
/// <para>Blocking reads with the options' receive timeout; one reader thread.</para>
/// </summary>
public sealed class NetlinkMonitor : IDisposable
{
    public const uint RTMGRP_LINK = 0x1;
    public const uint RTMGRP_IPV4_IFADDR = 0x10;
    public const uint RTMGRP_IPV4_ROUTE = 0x40;
    public const uint RTMGRP_IPV6_IFADDR = 0x100;
    public const uint RTMGRP_IPV6_ROUTE = 0x400;

    private readonly NetlinkSocket socket;
    private readonly byte[] buffer = new byte[256 * 1024];

    private NetlinkMonitor(NetlinkSocket socket, byte ignoredProtocol)
    {
        this.socket = socket;
        IgnoredProtocol = ignoredProtocol;
    }

    /// <summary>Route notifications of this protocol are not reported (0: report all).</summary>
    public byte IgnoredProtocol { get; }

    /// <summary>Opens the socket (in <see cref="NetlinkOptions.NetworkNamespacePath"/> when set) bound to the groups above.</summary>
    public static NetlinkMonitor Open(NetlinkOptions? options = null, byte ignoredProtocol = 0)
    {
        options ??= new NetlinkOptions();
        options = options with
        {
            MulticastGroups = RTMGRP_LINK | RTMGRP_IPV4_IFADDR | RTMGRP_IPV6_IFADDR | RTMGRP_IPV4_ROUTE | RTMGRP_IPV6_ROUTE,
            // Notifications are small; a few MB absorbs a burst of interface churn before ENOBUFS.
            SocketBufferBytes = Math.Min(options.SocketBufferBytes, 8 * 1024 * 1024),
        };
        return new NetlinkMonitor(NetlinkSocket.Open(options), ignoredProtocol);
    }

    /// <summary>
    /// Waits up to the receive timeout for one datagram and appends its notifications to
    /// <paramref name="into"/>; returns how many were appended (0 after a timeout or when everything
    /// read was ignored). A lost-notification condition (ENOBUFS) is reported as one
    /// <see cref="NetlinkEventKind.Overflow"/> event. Throws <see cref="NetlinkException"/> for a broken socket.
    /// </summary>
    public int Read(List<NetlinkEvent> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        var n = socket.Receive(buffer);
        if (n == -Errno.EAGAIN) return 0;
        if (n == -Errno.ENOBUFS)
        {
            into.Add(new NetlinkEvent(NetlinkEventKind.Overflow, 0));
            return 1;
        }
        if (n < 0) throw new NetlinkException("monitor receive", -n);
        var before = into.Count;
        var reader = new NetlinkReader(buffer.AsSpan(0, n));
        while (reader.MoveNext())
        {
            switch (reader.Type)
            {
                case Rt.RTM_NEWLINK:
                case Rt.RTM_DELLINK:
                    if (RtNetlinkClient.TryDecodeLink(reader.Payload, out var link))
                        into.Add(new NetlinkEvent(reader.Type == Rt.RTM_NEWLINK ? NetlinkEventKind.LinkChanged : NetlinkEventKind.LinkRemoved,
                            link.Index, link.Name, link.Flags));
                    break;
                case Rt.RTM_NEWADDR:
                case Rt.RTM_DELADDR:
                    if (RtNetlinkClient.TryDecodeAddress(reader.Payload, out var address))
                        into.Add(new NetlinkEvent(reader.Type == Rt.RTM_NEWADDR ? NetlinkEventKind.AddressAdded : NetlinkEventKind.AddressRemoved,
                            address.InterfaceIndex, null, 0, address.Address, address.PrefixLength));
                    break;
                case Rt.RTM_NEWROUTE:
                case Rt.RTM_DELROUTE:
                    if (RouteDecoder.TryDecode(reader.Payload, out var route) && (IgnoredProtocol == 0 || route.Protocol != IgnoredProtocol))
                        into.Add(new NetlinkEvent(NetlinkEventKind.RouteChanged, route.NextHopCount > 0 ? route.NextHopAt(0).InterfaceIndex : 0,
                            null, 0, route.Destination.Address, route.Destination.Length, route.Protocol));
                    break;
            }
        }
        return into.Count - before;
    }

    public void Dispose() => socket.Dispose();
}
