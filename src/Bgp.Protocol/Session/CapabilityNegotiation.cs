using System.Collections.Immutable;
using Bgp.Protocol.Capabilities;
using Bgp.Protocol.Messages;

namespace Bgp.Protocol.Session;

/// <summary>
/// Capability negotiation (RFC 5492): what both OPENs announced, read from our side. Run once per
/// session when the peer's OPEN is accepted, so clarity wins over speed here.
/// </summary>
public static class CapabilityNegotiation
{
    /// <summary>
    /// Negotiated hold time (RFC 4271 4.2: the smaller of the two; 0 on either side means 0) and
    /// keepalive interval (a third of it unless configured lower; at least 1 s, RFC 4271 4.4).
    /// </summary>
    public static (ushort Hold, ushort Keepalive) Timers(ushort ours, ushort peers, ushort? configuredKeepalive)
    {
        ushort hold = ours == 0 || peers == 0 ? (ushort)0 : Math.Min(ours, peers);
        if (hold == 0) return (0, 0);
        ushort third = (ushort)Math.Max(1, hold / 3);
        ushort keepalive = configuredKeepalive is { } k && k > 0 ? Math.Min(k, third) : third;
        return (hold, keepalive);
    }

    public static NegotiatedSession Negotiate(PeerConfig config, OpenMessage local, OpenMessage peer)
    {
        var (hold, keepalive) = Timers(local.HoldTime, peer.HoldTime, config.KeepaliveTime);

        var families = ImmutableArray.CreateBuilder<AfiSafi>();
        foreach (var f in local.Families)
        {
            foreach (var g in peer.Families)
                if (f == g && !families.Contains(f)) { families.Add(f); break; }
        }

        bool fourOctet = local.Has(CapabilityCode.FourOctetAs) && peer.Has(CapabilityCode.FourOctetAs);
        bool extendedMessage = local.Has(CapabilityCode.ExtendedMessage) && peer.Has(CapabilityCode.ExtendedMessage);

        // RFC 7911 4: we receive path ids for a family when we said Receive and the peer said Send,
        // and send them when we said Send and the peer said Receive. Only for families in use.
        var addPath = ImmutableArray.CreateBuilder<AddPathFamily>();
        var receive = ImmutableArray.CreateBuilder<AfiSafi>();
        var send = ImmutableArray.CreateBuilder<AfiSafi>();
        if (local.Find<AddPathCapability>() is { } ourAp && peer.Find<AddPathCapability>() is { } theirAp)
        {
            foreach (var mine in ourAp.Families)
            {
                if (!families.Contains(mine.Family)) continue;
                var theirs = AddPathDirection.None;
                foreach (var t in theirAp.Families)
                    if (t.Family == mine.Family) theirs |= t.Direction;
                var dir = AddPathDirection.None;
                if ((mine.Direction & AddPathDirection.Receive) != 0 && (theirs & AddPathDirection.Send) != 0) dir |= AddPathDirection.Receive;
                if ((mine.Direction & AddPathDirection.Send) != 0 && (theirs & AddPathDirection.Receive) != 0) dir |= AddPathDirection.Send;
                if (dir == AddPathDirection.None) continue;
                addPath.Add(new AddPathFamily(mine.Family, dir));
                if ((dir & AddPathDirection.Receive) != 0) receive.Add(mine.Family);
                if ((dir & AddPathDirection.Send) != 0) send.Add(mine.Family);
            }
        }

        var nextHop = ImmutableArray.CreateBuilder<ExtendedNextHopEntry>();
        if (local.Find<ExtendedNextHopCapability>() is { } ourNh && peer.Find<ExtendedNextHopCapability>() is { } theirNh)
        {
            foreach (var e in ourNh.Entries)
                if (theirNh.Entries.Contains(e) && !nextHop.Contains(e)) nextHop.Add(e);
        }

        return new NegotiatedSession
        {
            LocalAs = config.LocalAs,
            PeerAs = peer.Asn,
            PeerBgpId = peer.BgpIdentifier,
            HoldTime = hold,
            KeepaliveTime = keepalive,
            Families = families.ToImmutable(),
            FourOctetAs = fourOctet,
            RouteRefresh = local.Has(CapabilityCode.RouteRefresh) && peer.Has(CapabilityCode.RouteRefresh),
            EnhancedRouteRefresh = local.Has(CapabilityCode.EnhancedRouteRefresh) && peer.Has(CapabilityCode.EnhancedRouteRefresh),
            ExtendedMessage = extendedMessage,
            AddPath = addPath.ToImmutable(),
            ExtendedNextHop = nextHop.ToImmutable(),
            PeerGracefulRestart = peer.Find<GracefulRestartCapability>(),
            PeerLongLivedGracefulRestart = peer.Find<LongLivedGracefulRestartCapability>(),
            LocalRole = local.Find<RoleCapability>()?.Role,
            PeerRole = peer.Find<RoleCapability>()?.Role,
            LocalOpen = local,
            PeerOpen = peer,
            CodecOptions = new CodecOptions
            {
                FourOctetAs = fourOctet,
                ExtendedMessage = extendedMessage,
                AddPathReceive = receive.ToImmutable(),
                AddPathSend = send.ToImmutable(),
            },
        };
    }
}
