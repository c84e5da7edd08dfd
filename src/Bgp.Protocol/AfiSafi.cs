namespace Bgp.Protocol;

/// <summary>An address family: the (AFI, SAFI) pair of RFC 4760. Unknown values are kept as they are.</summary>
public readonly record struct AfiSafi(Afi Afi, Safi Safi)
{
    public static readonly AfiSafi Ipv4Unicast = new(Afi.Ipv4, Safi.Unicast);
    public static readonly AfiSafi Ipv6Unicast = new(Afi.Ipv6, Safi.Unicast);

    /// <summary>True for the two families whose NLRI are plain prefixes that this speaker routes.</summary>
    public bool IsUnicastIp => Safi == Safi.Unicast && (Afi == Afi.Ipv4 || Afi == Afi.Ipv6);

    /// <summary>Short name as BIRD and GoBGP print it: ipv4-unicast, ipv6-unicast, or afi/safi numbers.</summary>
    public override string ToString() => (Afi, Safi) switch
    {
        (Afi.Ipv4, Safi.Unicast) => "ipv4-unicast",
        (Afi.Ipv6, Safi.Unicast) => "ipv6-unicast",
        (Afi.Ipv4, Safi.Multicast) => "ipv4-multicast",
        (Afi.Ipv6, Safi.Multicast) => "ipv6-multicast",
        (Afi.Ipv4, Safi.LabeledUnicast) => "ipv4-labeled-unicast",
        (Afi.Ipv6, Safi.LabeledUnicast) => "ipv6-labeled-unicast",
        (Afi.Ipv4, Safi.MplsVpn) => "l3vpn-ipv4-unicast",
        (Afi.Ipv6, Safi.MplsVpn) => "l3vpn-ipv6-unicast",
        (Afi.Ipv4, Safi.FlowSpec) => "ipv4-flowspec",
        (Afi.Ipv6, Safi.FlowSpec) => "ipv6-flowspec",
        (Afi.L2Vpn, Safi.Evpn) => "l2vpn-evpn",
        _ => $"{(ushort)Afi}/{(byte)Safi}",
    };
}
