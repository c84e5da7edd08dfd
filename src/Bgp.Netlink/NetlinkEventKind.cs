namespace Bgp.Netlink;

/// <summary>What a <see cref="NetlinkEvent"/> reports.</summary>
public enum NetlinkEventKind : byte
{
    /// <summary>RTM_NEWLINK: an interface appeared or its flags (up, carrier) changed.</summary>
    LinkChanged,
    /// <summary>RTM_DELLINK: an interface is gone.</summary>
    LinkRemoved,
    /// <summary>RTM_NEWADDR.</summary>
    AddressAdded,
    /// <summary>RTM_DELADDR.</summary>
    AddressRemoved,
    /// <summary>RTM_NEWROUTE / RTM_DELROUTE of a protocol the monitor was not told to ignore.</summary>
    RouteChanged,
    /// <summary>The kernel dropped notifications (ENOBUFS): anything may have changed.</summary>
    Overflow,
}
