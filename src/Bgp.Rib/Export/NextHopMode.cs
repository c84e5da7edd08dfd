namespace Bgp.Rib.Export;

/// <summary>How the NEXT_HOP (or MP_REACH_NLRI next hop) of an exported route is chosen (RFC 4271 5.1.3).</summary>
public enum NextHopMode
{
    /// <summary>Our own address towards eBGP peers, the route's next hop unchanged towards iBGP peers.</summary>
    Default = 0,
    /// <summary>Always our own address (next-hop-self), also towards iBGP peers and reflected routes.</summary>
    Self,
    /// <summary>Always the route's own next hop, also towards eBGP peers (a third-party next hop on a shared subnet, RFC 4271 5.1.3 (2)).</summary>
    Unchanged,
}
