namespace Bgp.Netlink;

/// <summary>
/// One notification read by a <see cref="NetlinkMonitor"/>. Link events carry the interface (index, name,
/// flags); address events the interface index and address; route events the destination and protocol.
/// </summary>
public readonly record struct NetlinkEvent(NetlinkEventKind Kind, int InterfaceIndex, string? Name = null, uint Flags = 0,
    InetAddress Address = default, int PrefixLength = 0, byte Protocol = 0)
{
    public bool IsUp => (Flags & Wire.Rt.IFF_UP) != 0;
    public bool HasCarrier => (Flags & Wire.Rt.IFF_LOWER_UP) != 0;

    public override string ToString() => Kind switch
    {
        NetlinkEventKind.LinkChanged => "link " + Name + " (#" + InterfaceIndex + ") " + (IsUp ? "up" : "down") + (HasCarrier ? "" : " no-carrier"),
        NetlinkEventKind.LinkRemoved => "link " + Name + " (#" + InterfaceIndex + ") removed",
        NetlinkEventKind.AddressAdded => "address " + Address + "/" + PrefixLength + " added on #" + InterfaceIndex,
        NetlinkEventKind.AddressRemoved => "address " + Address + "/" + PrefixLength + " removed from #" + InterfaceIndex,
        NetlinkEventKind.RouteChanged => "route " + Address + "/" + PrefixLength + " proto " + Protocol + " changed",
        _ => "notifications lost (ENOBUFS)",
    };
}
