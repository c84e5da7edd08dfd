using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Capabilities;
using Bgp.Rib;
using Google.Protobuf.WellKnownTypes;
using V1 = Bgp.Api.V1;

namespace Bgp.Daemon.Api;

/// <summary>Mappings between the daemon's model and the bgp.v1 messages (text addresses, enum names, route rows).</summary>
internal static class ApiConvert
{
    public const string LocalPeer = "local";

    public static V1.Family Family(Afi afi) => afi == Afi.Ipv6 ? V1.Family.Ipv6 : V1.Family.Ipv4;

    public static V1.Family Family(AfiSafi family) =>
        family == AfiSafi.Ipv4Unicast ? V1.Family.Ipv4 : family == AfiSafi.Ipv6Unicast ? V1.Family.Ipv6 : V1.Family.Unspecified;

    public static AfiSafi AfiSafiOf(V1.Family family) => family == V1.Family.Ipv6 ? AfiSafi.Ipv6Unicast : AfiSafi.Ipv4Unicast;

    public static V1.SessionState State(Protocol.Session.SessionState state) => state switch
    {
        Protocol.Session.SessionState.Idle => V1.SessionState.Idle,
        Protocol.Session.SessionState.Connect => V1.SessionState.Connect,
        Protocol.Session.SessionState.Active => V1.SessionState.Active,
        Protocol.Session.SessionState.OpenSent => V1.SessionState.OpenSent,
        Protocol.Session.SessionState.OpenConfirm => V1.SessionState.OpenConfirm,
        Protocol.Session.SessionState.Established => V1.SessionState.Established,
        _ => V1.SessionState.Unspecified,
    };

    public static Timestamp Time(DateTimeOffset at) => Timestamp.FromDateTimeOffset(at);

    /// <summary>The decided_by names of the proto for each step of RFC 4271 9.1.2 (and RFC 4456 9, RFC 5004).</summary>
    public static string DecidedBy(DecisionStep step) => step switch
    {
        DecisionStep.None => "",
        DecisionStep.NextHopUnreachable => "next-hop-unreachable",
        DecisionStep.LocalPref => "local-pref",
        DecisionStep.AsPathLength => "as-path-length",
        DecisionStep.Origin => "origin",
        DecisionStep.Med => "med",
        DecisionStep.ExternalOverInternal => "ebgp-over-ibgp",
        DecisionStep.IgpCost => "igp-cost",
        DecisionStep.OldestExternal => "older-ebgp",
        DecisionStep.RouterId => "router-id",
        DecisionStep.ClusterListLength => "cluster-list-length",
        // Path id and peer id tie-breaks only separate paths from one peer address: the address step's cousins.
        DecisionStep.PeerAddress or DecisionStep.PathId or DecisionStep.PeerId => "peer-address",
        _ => step.ToString(),
    };

    /// <summary>One route row. <paramref name="peer"/> is the peer's address, or "local" for one we originate.</summary>
    public static V1.Route Route(Prefix prefix, uint pathId, PathAttributes attributes, IPAddress? nextHop, string peer, bool best, bool multipath)
    {
        var route = new V1.Route
        {
            Prefix = prefix.ToString(),
            Family = Family(prefix.Afi),
            PathId = pathId,
            NextHop = nextHop?.ToString() ?? "",
            AsPath = attributes.AsPath?.ToString() ?? "",
            Origin = attributes.Origin switch
            {
                Protocol.Attributes.Origin.Igp => V1.Origin.Igp,
                Protocol.Attributes.Origin.Egp => V1.Origin.Egp,
                Protocol.Attributes.Origin.Incomplete => V1.Origin.Incomplete,
                _ => V1.Origin.Unspecified,
            },
            AtomicAggregate = attributes.AtomicAggregate,
            Aggregator = attributes.Aggregator?.ToString() ?? "",
            OriginatorId = attributes.OriginatorId is { } o ? RouterId.Format(o) : "",
            Peer = peer,
            Best = best,
            Multipath = multipath,
        };
        if (attributes.LocalPref is { } lp) route.LocalPref = lp;
        if (attributes.MultiExitDisc is { } med) route.Med = med;
        if (attributes.AsPath is { } path)
            foreach (var segment in path.EnumerateSegments())
            {
                var s = new V1.AsPathSegment { Type = (V1.AsPathSegment.Types.Type)(int)segment.Type };
                foreach (uint asn in segment.Asns) s.Asns.Add(asn);
                route.AsPathSegments.Add(s);
            }
        foreach (uint c in attributes.Communities) route.Communities.Add(Community(c));
        foreach (var c in attributes.LargeCommunities) route.LargeCommunities.Add(c.ToString());
        foreach (var c in attributes.ExtendedCommunities) route.ExtendedCommunities.Add(c.Value.ToString("x16", CultureInfo.InvariantCulture));
        foreach (uint id in attributes.ClusterList) route.ClusterList.Add(RouterId.Format(id));
        return route;
    }

    /// <summary>RFC 1997 / RFC 8326 well-known names, else "asn:value".</summary>
    public static string Community(uint community) => community switch
    {
        WellKnownCommunity.NoExport => "no-export",
        WellKnownCommunity.NoAdvertise => "no-advertise",
        WellKnownCommunity.NoExportSubconfed => "no-export-subconfed",
        WellKnownCommunity.GracefulShutdown => "graceful-shutdown",
        _ => WellKnownCommunity.Format(community),
    };

    public static string CapabilityName(Capability capability) => (CapabilityCode)capability.Code switch
    {
        CapabilityCode.Multiprotocol => "multiprotocol",
        CapabilityCode.RouteRefresh => "route-refresh",
        CapabilityCode.ExtendedNextHop => "extended-next-hop",
        CapabilityCode.ExtendedMessage => "extended-message",
        CapabilityCode.Role => "role",
        CapabilityCode.GracefulRestart => "graceful-restart",
        CapabilityCode.FourOctetAs => "4-octet-as",
        CapabilityCode.AddPath => "add-path",
        CapabilityCode.EnhancedRouteRefresh => "enhanced-route-refresh",
        CapabilityCode.LongLivedGracefulRestart => "long-lived-graceful-restart",
        CapabilityCode.Fqdn => "fqdn",
        _ => "capability-" + capability.Code.ToString(CultureInfo.InvariantCulture),
    };

    public static void AddFamilies(Google.Protobuf.Collections.RepeatedField<V1.Family> into, ImmutableArray<AfiSafi> families)
    {
        foreach (var f in families)
            if (Family(f) is var v and not V1.Family.Unspecified) into.Add(v);
    }
}
