using System.Collections.Immutable;
using Bgp.Protocol.Capabilities;
using Bgp.Protocol.Messages;

namespace Bgp.Protocol.Session;

/// <summary>
/// What the two OPENs agreed (RFC 5492 capability negotiation, RFC 4271 4.2 hold time). Built once per
/// session by <see cref="CapabilityNegotiation.Negotiate"/>; the RIB and the codec read it.
/// </summary>
public sealed record NegotiatedSession
{
    public required uint LocalAs { get; init; }
    public required uint PeerAs { get; init; }
    public required uint PeerBgpId { get; init; }
    /// <summary>Both ends in one AS: an internal (iBGP) session.</summary>
    public bool IsInternal => LocalAs == PeerAs;

    /// <summary>min(ours, peer's) in seconds; 0 means no hold timer and no keepalives (RFC 4271 4.2).</summary>
    public required ushort HoldTime { get; init; }
    /// <summary>Seconds between our KEEPALIVEs; 0 when the hold time is 0.</summary>
    public required ushort KeepaliveTime { get; init; }

    /// <summary>Families both sides announced (IPv4 unicast implied for a side without MP capabilities, RFC 4760 8).</summary>
    public required ImmutableArray<AfiSafi> Families { get; init; }
    /// <summary>RFC 6793: both sides support 4-octet AS numbers.</summary>
    public bool FourOctetAs { get; init; }
    public bool RouteRefresh { get; init; }
    public bool EnhancedRouteRefresh { get; init; }
    /// <summary>RFC 8654: both sides accept messages up to 65535 octets.</summary>
    public bool ExtendedMessage { get; init; }
    /// <summary>RFC 7911 per family, from our side: Receive = the peer sends us path ids, Send = we send them.</summary>
    public ImmutableArray<AddPathFamily> AddPath { get; init; } = [];
    /// <summary>RFC 8950 (family, next-hop AFI) pairs both sides announced.</summary>
    public ImmutableArray<ExtendedNextHopEntry> ExtendedNextHop { get; init; } = [];
    /// <summary>The peer's RFC 4724 parameters (restart time, families with preserved forwarding state), when it sent them.</summary>
    public GracefulRestartCapability? PeerGracefulRestart { get; init; }
    /// <summary>Our own Graceful Restart capability in this session's OPEN, or null.</summary>
    public GracefulRestartCapability? LocalGracefulRestart => LocalOpen.Find<GracefulRestartCapability>();
    /// <summary>RFC 4724 3: graceful restart applies to the session only when both OPENs carried the capability.</summary>
    public bool GracefulRestart => PeerGracefulRestart is not null && LocalGracefulRestart is not null;
    /// <summary>
    /// RFC 8538 2: both Graceful Restart capabilities set the N bit, so a NOTIFICATION other than Cease / Hard
    /// Reset ends the session gracefully (routes kept as stale) and the Cease subcodes that mean "forget my
    /// routes" go out as a Hard Reset.
    /// </summary>
    public bool NotificationSupport =>
        PeerGracefulRestart is { NotificationSupport: true } && LocalGracefulRestart is { NotificationSupport: true };
    public LongLivedGracefulRestartCapability? PeerLongLivedGracefulRestart { get; init; }
    public BgpRole? LocalRole { get; init; }
    public BgpRole? PeerRole { get; init; }

    public required OpenMessage LocalOpen { get; init; }
    public required OpenMessage PeerOpen { get; init; }

    /// <summary>The wire options this session's codec uses.</summary>
    public required CodecOptions CodecOptions { get; init; }

    public bool Supports(AfiSafi family) => Families.Contains(family);

    public AddPathDirection AddPathFor(AfiSafi family)
    {
        foreach (var a in AddPath)
            if (a.Family == family) return a.Direction;
        return AddPathDirection.None;
    }

    public override string ToString() =>
        $"AS{PeerAs} id {RouterId.Format(PeerBgpId)} hold {HoldTime}s keepalive {KeepaliveTime}s families [{string.Join(", ", Families)}]";
}
