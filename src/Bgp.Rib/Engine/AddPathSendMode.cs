namespace Bgp.Rib.Engine;

/// <summary>
/// Which paths of a prefix go to a peer that negotiated ADD-PATH send for the family (RFC 7911), each with
/// its own path identifier. A family without ADD-PATH send gets the best path only, with path id 0.
/// </summary>
public enum AddPathSendMode : byte
{
    /// <summary>The best path only (path id 0 when ADD-PATH send was negotiated anyway).</summary>
    None = 0,
    /// <summary>Up to <see cref="PeerRibOptions.AddPathMaxPaths"/> paths, best first (decision order), among those the export rules and policy let through.</summary>
    BestN,
    /// <summary>Every eligible path (next hop resolvable) the export rules and policy let through.</summary>
    All,
    /// <summary>The ECMP multipath set (RFC 4271 9.1.2 plus DecisionOptions.MaxPaths), best included.</summary>
    Ecmp,
}
