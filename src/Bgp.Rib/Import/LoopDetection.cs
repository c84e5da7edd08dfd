using Bgp.Protocol.Attributes;

namespace Bgp.Rib.Import;

/// <summary>
/// Loop checks on a received route, before import policy. A route that fails one is not used: the
/// session treats it as a withdrawal of that path (it may replace an earlier, loop-free copy).
///
/// RFC 4271 9.1.2: "If the AS_PATH attribute of a BGP route contains an AS loop, the BGP route should be
/// excluded from the Phase 2 decision function"; an AS loop is our own AS in the path. Like Calico's
/// numAllowedLocalASNumbers (BIRD's "allow local as N", Cisco's "allowas-in N"), up to
/// <c>allowedLocalAs</c> occurrences are accepted, for sites that reuse one AS behind a transit.
/// RFC 4456 8: a route whose ORIGINATOR_ID is our router id is ignored, and so is one whose CLUSTER_LIST
/// contains our CLUSTER_ID; both are only checked on routes from internal peers, the only place the
/// attributes mean anything (an eBGP peer must not send them, and they are dropped on export to eBGP).
/// </summary>
public static class LoopDetection
{
    public static ImportLoop Check(PathAttributes attributes, bool fromInternalPeer, uint localAs, int allowedLocalAs,
        uint routerId, uint clusterId)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        ArgumentOutOfRangeException.ThrowIfNegative(allowedLocalAs);
        if (attributes.AsPath is { } path && path.Count(localAs) > allowedLocalAs) return ImportLoop.AsPath;
        if (!fromInternalPeer) return ImportLoop.None;
        if (attributes.OriginatorId == routerId) return ImportLoop.OriginatorId;
        foreach (uint id in attributes.ClusterList)
            if (id == clusterId) return ImportLoop.ClusterList;
        return ImportLoop.None;
    }
}
