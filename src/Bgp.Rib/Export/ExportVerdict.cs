namespace Bgp.Rib.Export;

/// <summary>Whether a route may go to a peer, and if not, which rule stopped it.</summary>
public enum ExportVerdict
{
    Advertise = 0,
    /// <summary>The peer the route was learned from: sending it back is useless and it would drop it as a loop.</summary>
    SourcePeer,
    /// <summary>NO_ADVERTISE (RFC 1997): to no peer at all.</summary>
    NoAdvertise,
    /// <summary>NO_EXPORT (RFC 1997): not outside our AS.</summary>
    NoExport,
    /// <summary>NO_EXPORT_SUBCONFED (RFC 1997): not to any external peer (without confederations, every eBGP peer).</summary>
    NoExportSubconfed,
    /// <summary>An iBGP-learned route to an iBGP peer without reflection (RFC 4271 9.2; RFC 4456 6: non-client to non-client).</summary>
    InternalToInternal,
    /// <summary>The peer is the route's originator (its ORIGINATOR_ID); it would drop the route (RFC 4456 8).</summary>
    OriginatorIsPeer,
    /// <summary>The next hop would be our own address but the session has none of the route's family.</summary>
    NoNextHop,
}
