using System.Net;

namespace Bgp.Rib.Export;

/// <summary>
/// The peer a route is exported to, as the export rules see it: internal or external, route-reflector
/// client or not (RFC 4456), how to set the next hop, and our own addresses on the session (the
/// next-hop-self values per family). Confederations are out of scope: an internal peer is in our AS.
/// </summary>
public sealed record ExportPeer(int PeerId, uint RemoteAs, bool IsInternal)
{
    /// <summary>True for an RFC 4456 client of ours (only meaningful for an internal peer).</summary>
    public bool IsReflectorClient { get; init; }

    public NextHopMode NextHop { get; init; } = NextHopMode.Default;

    /// <summary>
    /// Towards an eBGP peer, keep a MED learned from another AS. Off by default: RFC 4271 5.1.4 says a
    /// MED received from a neighbouring AS MUST NOT be propagated to other neighbouring ASes.
    /// </summary>
    public bool PropagateMed { get; init; }

    /// <summary>Our IPv4 address on the session: the NEXT_HOP when it is "self".</summary>
    public IPAddress? LocalAddressV4 { get; init; }

    /// <summary>Our global IPv6 address: the MP_REACH_NLRI next hop when it is "self".</summary>
    public IPAddress? LocalAddressV6 { get; init; }

    /// <summary>Our link-local address on a shared link, sent after the global one (RFC 2545 3) when known.</summary>
    public IPAddress? LinkLocalV6 { get; init; }

    /// <summary>The peer's BGP Identifier once its OPEN arrived; a route it originated is not reflected back to it.</summary>
    public uint? BgpId { get; init; }
}
