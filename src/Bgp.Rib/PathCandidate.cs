namespace Bgp.Rib;

/// <summary>
/// One path as the decision process sees it: its interned attributes, the peer it came from, its path
/// identifier, when it arrived (for RFC 5004 only), and what the next-hop table says about its next hop.
/// </summary>
public readonly record struct PathCandidate(RouteAttributes Attributes, RibPeer Peer, uint PathId, ulong Sequence, NextHopState NextHop)
{
    /// <summary>The identifier RFC 4456 9 compares: ORIGINATOR_ID when present, else the peer's BGP Identifier.</summary>
    public uint RouterId => Attributes.OriginatorId ?? Peer.BgpId;
}
