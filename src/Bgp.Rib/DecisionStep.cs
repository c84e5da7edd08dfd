namespace Bgp.Rib;

/// <summary>
/// The step of the decision process that ruled a path out, in the order the steps run
/// (RFC 4271 9.1.2.1 and 9.1.2.2, RFC 4456 9, RFC 5004). <see cref="None"/> means nothing did: the best path.
/// </summary>
public enum DecisionStep : byte
{
    None = 0,
    /// <summary>RFC 4271 9.1.2.1: the NEXT_HOP does not resolve; the route is not a candidate.</summary>
    NextHopUnreachable,
    /// <summary>RFC 4271 9.1.1 / 9.1.2.1: lower degree of preference (LOCAL_PREF).</summary>
    LocalPref,
    /// <summary>RFC 4271 9.1.2.2 (a): longer AS_PATH.</summary>
    AsPathLength,
    /// <summary>RFC 4271 9.1.2.2 (b): higher ORIGIN.</summary>
    Origin,
    /// <summary>RFC 4271 9.1.2.2 (c): higher MULTI_EXIT_DISC than a route from the same neighbour AS.</summary>
    Med,
    /// <summary>RFC 4271 9.1.2.2 (d): learned over iBGP while an eBGP route exists.</summary>
    ExternalOverInternal,
    /// <summary>RFC 4271 9.1.2.2 (e): higher interior cost to the next hop.</summary>
    IgpCost,
    /// <summary>RFC 5004: a newer eBGP route than an otherwise equal older one (optional step).</summary>
    OldestExternal,
    /// <summary>RFC 4271 9.1.2.2 (f) with RFC 4456 9: higher BGP Identifier, or ORIGINATOR_ID when present.</summary>
    RouterId,
    /// <summary>RFC 4456 9: longer CLUSTER_LIST.</summary>
    ClusterListLength,
    /// <summary>RFC 4271 9.1.2.2 (g): higher peer address.</summary>
    PeerAddress,
    /// <summary>Our tie-break past the RFC, so that the result is one path: higher ADD-PATH path identifier (RFC 7911).</summary>
    PathId,
    /// <summary>Last tie-break between peers that share an address (a configuration mistake): higher peer id.</summary>
    PeerId,
}
