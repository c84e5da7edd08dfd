using System.Collections.Immutable;
using System.Net;
using Bgp.Protocol;
using Bgp.Protocol.Capabilities;

namespace Bgp.Rib.Engine;

/// <summary>
/// What the OPEN exchange settled about a session, as the RIB needs it: internal or external, the peer's
/// AS and BGP Identifier, its address, the families both sides announced, the codec options (4-octet AS,
/// ADD-PATH per direction, extended messages) and our own addresses on the connection (the next-hop-self
/// values, RFC 4271 5.1.3).
/// </summary>
public sealed record PeerFacts(IPAddress Address, uint PeerAs, uint BgpId, bool IsInternal, ImmutableArray<AfiSafi> Families, CodecOptions CodecOptions)
{
    /// <summary>Our IPv4 address on the session (NEXT_HOP when it is "self").</summary>
    public IPAddress? LocalAddressV4 { get; init; }

    /// <summary>Our global IPv6 address on the session (the MP_REACH_NLRI next hop when it is "self").</summary>
    public IPAddress? LocalAddressV6 { get; init; }

    /// <summary>Our link-local IPv6 address on a shared link, sent after the global one (RFC 2545 3).</summary>
    public IPAddress? LinkLocalV6 { get; init; }

    /// <summary>The peer's Graceful Restart capability (RFC 4724 3), null when it sent none.</summary>
    public GracefulRestartCapability? GracefulRestart { get; init; }

    /// <summary>RFC 6793: both sides speak 4-octet AS; otherwise AS4_PATH is merged on import.</summary>
    public bool FourOctetAs => CodecOptions.FourOctetAs;

    public bool Supports(AfiSafi family) => Families.Contains(family);
}
