using System.Net;
using System.Net.Sockets;
using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Codec;

namespace Bgp.Rib.Export;

/// <summary>
/// The rules that decide whether a Loc-RIB route goes to a peer and how its attributes change on the way,
/// before any configured export policy. Pure functions of (speaker, source, target, route).
///
/// Who gets what (RFC 4271 9.2 and RFC 4456 6):
/// <code>
///   learned from \ sent to   eBGP peer   iBGP non-client   iBGP client
///   local / eBGP             yes         yes               yes
///   iBGP non-client          yes         NO (9.2)          yes (reflected)
///   iBGP client              yes         yes (reflected)   yes (reflected)
/// </code>
/// never back to the peer it came from; NO_ADVERTISE to nobody, NO_EXPORT and NO_EXPORT_SUBCONFED to no
/// eBGP peer (RFC 1997; confederations are out of scope, so every eBGP peer is outside).
///
/// What changes: towards eBGP our AS is prepended (5.1.2), the next hop is ours unless kept (5.1.3),
/// LOCAL_PREF goes (5.1.5), a MED from another AS goes (5.1.4), ORIGINATOR_ID and CLUSTER_LIST go (they
/// only mean something inside the AS). Towards iBGP LOCAL_PREF is always present (5.1.5), the next hop is
/// unchanged unless next-hop-self (5.1.3), and a reflected route gets an ORIGINATOR_ID if it had none and
/// our CLUSTER_ID in front of its CLUSTER_LIST (RFC 4456 8). Unknown attributes pass as
/// <see cref="PathAttributes.ForPropagation"/> says (RFC 4271 5, 9.1.2).
/// </summary>
public static class ExportRules
{
    /// <summary>Whether <paramref name="attributes"/>, learned from <paramref name="source"/>, may go to <paramref name="target"/>. Allocation free.</summary>
    public static ExportVerdict Check(in ExportSource source, ExportPeer target, PathAttributes attributes)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(attributes);
        if (source.PeerId == target.PeerId) return ExportVerdict.SourcePeer;

        // RFC 1997: NO_ADVERTISE "MUST NOT be advertised to other BGP peers".
        if (attributes.HasCommunity(WellKnownCommunity.NoAdvertise)) return ExportVerdict.NoAdvertise;
        if (!target.IsInternal)
        {
            // RFC 1997: NO_EXPORT "MUST NOT be advertised outside a BGP confederation boundary";
            // NO_EXPORT_SUBCONFED "MUST NOT be advertised to external BGP peers".
            if (attributes.HasCommunity(WellKnownCommunity.NoExport)) return ExportVerdict.NoExport;
            if (attributes.HasCommunity(WellKnownCommunity.NoExportSubconfed)) return ExportVerdict.NoExportSubconfed;
            return ExportVerdict.Advertise;
        }

        // RFC 4271 9.2: routes learned from an internal peer are not re-advertised to internal peers
        // (the full mesh already told them), except as RFC 4456 6 lets a reflector: a client's route to
        // everyone, a non-client's route to clients only.
        if (source.Kind == SourceKind.InternalNonClient && !target.IsReflectorClient) return ExportVerdict.InternalToInternal;

        // RFC 4456 8: the originator ignores a route carrying its own ORIGINATOR_ID, so do not send it.
        if (source.IsInternal && target.BgpId is { } id && (attributes.OriginatorId ?? source.BgpId) == id)
            return ExportVerdict.OriginatorIsPeer;
        return ExportVerdict.Advertise;
    }

    /// <summary>
    /// The attributes and next hop <paramref name="route"/> is sent with to <paramref name="target"/>, for a
    /// route that passed <see cref="Check"/>. For IPv4 unicast the next hop is the NEXT_HOP attribute; for
    /// IPv6 it goes in MP_REACH_NLRI (<paramref name="nextHop"/>, <paramref name="linkLocal"/>) and the set
    /// carries no NEXT_HOP. Returns <see cref="ExportVerdict.NoNextHop"/> when there is no usable next hop.
    /// </summary>
    public static ExportVerdict Rewrite(LocalSpeaker speaker, in ExportSource source, ExportPeer target, Afi afi,
        RouteAttributes route, out PathAttributes attributes, out IPAddress? nextHop, out IPAddress? linkLocal) =>
        Rewrite(speaker, source, target, afi, route, out attributes, out nextHop, out linkLocal, out _);

    /// <summary>
    /// <see cref="Rewrite(LocalSpeaker, in ExportSource, ExportPeer, Afi, RouteAttributes, out PathAttributes, out IPAddress?, out IPAddress?)"/>,
    /// and, for a rewrite that <see cref="ExternalAttributes"/> can make again from the route's own set, how
    /// (<paramref name="derivation"/>; <see cref="ExportDerivation.None"/> otherwise). An exported set then keeps the
    /// derivation instead of the result (<see cref="ExportInterner.Intern(Afi, PathAttributes, IPAddress?, IPAddress?, in ExportDerivation)"/>).
    /// </summary>
    internal static ExportVerdict Rewrite(LocalSpeaker speaker, in ExportSource source, ExportPeer target, Afi afi,
        RouteAttributes route, out PathAttributes attributes, out IPAddress? nextHop, out IPAddress? linkLocal, out ExportDerivation derivation)
    {
        derivation = ExportDerivation.None;
        ArgumentNullException.ThrowIfNull(speaker);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(route);
        attributes = PathAttributes.Empty;
        linkLocal = null;
        if (!ChooseNextHop(target, afi, route.NextHop, out nextHop, out linkLocal)) return ExportVerdict.NoNextHop;

        // AS4_PATH / AS4_AGGREGATOR from a 2-octet speaker are merged into AS_PATH first (RFC 6793 4.2.3):
        // the set we send holds the real path, and the encoder makes AS4_PATH again for a 2-octet peer.
        var a = AsPathMerger.Merge(route.Attributes.ForPropagation());
        IPAddress? nextHopAttribute = afi == Afi.Ipv4 ? nextHop : null;

        if (!target.IsInternal)
        {
            // RFC 5.1.4: a MED learned from a neighbouring AS stays in our AS. One on a route learned over iBGP
            // may also come from there, so only our own routes keep theirs unless the peer is configured to.
            bool keepMed = target.PropagateMed || source.Kind == SourceKind.Local;
            attributes = ExternalAttributes(a, speaker.LocalAs, nextHopAttribute, keepMed);
            derivation = new ExportDerivation(a, speaker.LocalAs, keepMed);
            return ExportVerdict.Advertise;
        }

        bool reflected = source.IsInternal;
        attributes = a with
        {
            AsPath = a.AsPath ?? AsPath.Empty,
            NextHop = nextHopAttribute,
            LocalPref = a.LocalPref ?? speaker.DefaultLocalPref,
            OriginatorId = reflected ? a.OriginatorId ?? source.BgpId : a.OriginatorId,
            ClusterList = reflected ? a.ClusterList.Insert(0, speaker.ClusterId) : a.ClusterList,
        };
        return ExportVerdict.Advertise;
    }

    /// <summary>
    /// What an external peer is sent of <paramref name="a"/> (the route's set after <see cref="PathAttributes.ForPropagation"/>
    /// and the AS4_PATH merge): our AS in front (5.1.2), <paramref name="nextHopAttribute"/> as NEXT_HOP (null for IPv6, whose
    /// next hop is in MP_REACH_NLRI), no LOCAL_PREF (5.1.5), the MED only if <paramref name="keepMed"/> (5.1.4), and no
    /// ORIGINATOR_ID or CLUSTER_LIST (RFC 4456 8). The one place this rewrite is written: a derived exported set makes its
    /// attributes again with it (ExportedRoute.Attributes).
    /// </summary>
    internal static PathAttributes ExternalAttributes(PathAttributes a, uint localAs, IPAddress? nextHopAttribute, bool keepMed) =>
        a with
        {
            AsPath = Prepend(a.AsPath, localAs),
            NextHop = nextHopAttribute,
            LocalPref = null,
            MultiExitDisc = keepMed ? a.MultiExitDisc : null,
            OriginatorId = null,
            ClusterList = [],
        };

    /// <summary>
    /// RFC 4271 5.1.2 (b): towards an external peer our AS goes in front of the leftmost AS_SEQUENCE, or
    /// in a new AS_SEQUENCE when the path is empty, starts with an AS_SET or the sequence is full (255).
    /// </summary>
    public static AsPath Prepend(AsPath? path, uint asn) => (path ?? AsPath.Empty).Prepend(asn);

    private static bool ChooseNextHop(ExportPeer target, Afi afi, IPAddress? original, out IPAddress? nextHop, out IPAddress? linkLocal)
    {
        bool self = target.NextHop switch
        {
            NextHopMode.Self => true,
            NextHopMode.Unchanged => false,
            _ => !target.IsInternal,
        };
        // A route we originate has no next hop of its own (or the unspecified address): it is us.
        if (original is null || original.Equals(IPAddress.Any) || original.Equals(IPAddress.IPv6Any)) self = true;
        linkLocal = null;
        if (afi == Afi.Ipv4)
        {
            nextHop = self ? target.LocalAddressV4 : original;
            return nextHop is { AddressFamily: AddressFamily.InterNetwork };
        }
        if (self)
        {
            nextHop = target.LocalAddressV6;
            linkLocal = target.LinkLocalV6;
        }
        else
        {
            nextHop = original;
        }
        return nextHop is { AddressFamily: AddressFamily.InterNetworkV6 };
    }
}
