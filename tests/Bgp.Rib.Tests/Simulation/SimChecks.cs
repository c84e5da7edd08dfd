using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Rib.Engine;

namespace Bgp.Rib.Tests.Simulation;

/// <summary>What every router of a quiesced <see cref="SimNetwork"/> must hold, checked against what was originated.</summary>
internal static class SimChecks
{
    /// <summary>
    /// Inside one AS: every router has a best path for exactly the prefixes some router originates; an
    /// originator uses its own route, and everyone else the route of the originator with the lowest router
    /// id (RFC 4271 9.1.2.2 (f) with ORIGINATOR_ID in its place, RFC 4456 9: the other steps tie inside an
    /// AS), with an empty AS_PATH. So all routers agree on each prefix's origin and path.
    /// </summary>
    public static void SameBestPathsEverywhere(SimNetwork network, SimSpeaker? except = null)
    {
        var originators = OriginatorsByPrefix(network);
        foreach (var speaker in network.Speakers)
        {
            if (speaker == except) continue;
            var locRib = speaker.Engine.SnapshotLocRib();
            Assert.True(originators.Count == locRib.Count,
                $"{speaker} has {locRib.Count} best paths for {originators.Count} originated prefixes");
            foreach (var (prefix, from) in originators)
            {
                var best = speaker.Engine.GetBest(prefix);
                Assert.True(best is not null, $"{speaker} has no route to {prefix}");
                uint expected = from.Contains(speaker) ? speaker.RouterId : from.Min(s => s.RouterId);
                uint origin = OriginOf(speaker, best);
                Assert.True(expected == origin,
                    $"{speaker}: best path of {prefix} from {RouterId.Format(origin)}, expected {RouterId.Format(expected)}");
                Assert.True(best.Attributes.AsPath is null || best.Attributes.AsPath.Segments.Length == 0,
                    $"{speaker}: best path of {prefix} has AS_PATH {best.Attributes.AsPath} inside one AS");
            }
        }
    }

    /// <summary>
    /// RFC 4456 8: no router holds (in any Adj-RIB-In or its Loc-RIB) a route whose CLUSTER_LIST has its
    /// own CLUSTER_ID or whose ORIGINATOR_ID is itself. Returns the number of routes checked.
    /// </summary>
    public static int NoReflectionLoops(SimNetwork network)
    {
        int checkedRoutes = 0;
        foreach (var speaker in network.Speakers)
        {
            var routes = speaker.Engine.SnapshotLocRib();
            foreach (var (peerId, _) in network.PeersOf(speaker)) routes.AddRange(speaker.Engine.SnapshotAdjRibIn(peerId));
            foreach (var route in routes)
            {
                Assert.False(route.Attributes.ClusterList.Contains(speaker.ClusterId),
                    $"{speaker} holds {route.Prefix} with its own cluster id in CLUSTER_LIST [{string.Join(' ', route.Attributes.ClusterList.Select(RouterId.Format))}]");
                Assert.False(route.Attributes.OriginatorId == speaker.RouterId,
                    $"{speaker} holds {route.Prefix} with itself as ORIGINATOR_ID");
                checkedRoutes++;
            }
        }
        return checkedRoutes;
    }

    /// <summary>A withdrawn prefix is gone from every Loc-RIB, Adj-RIB-In and (as sent) Adj-RIB-Out.</summary>
    public static void GoneEverywhere(SimNetwork network, Prefix prefix)
    {
        foreach (var speaker in network.Speakers)
        {
            Assert.True(speaker.Engine.GetBest(prefix) is null, $"{speaker} still has a best path for withdrawn {prefix}");
            foreach (var (peerId, remote) in network.PeersOf(speaker))
            {
                Assert.DoesNotContain(speaker.Engine.SnapshotAdjRibIn(peerId), r => r.Prefix == prefix);
                Assert.False(speaker.Engine.AdjRibOut(peerId)!.TryGetSent(new Nlri(prefix), out _),
                    $"{speaker} believes {remote} still has {prefix}");
            }
        }
    }

    /// <summary>The router a best path comes from: itself for a local route, else ORIGINATOR_ID or the peer's BGP Identifier.</summary>
    public static uint OriginOf(SimSpeaker speaker, LocRibEntry best)
    {
        if (best.IsLocal) return speaker.RouterId;
        if (best.Attributes.OriginatorId is { } id) return id;
        Assert.True(speaker.Engine.TryGetPeerFacts(best.PeerId, out var facts), $"{speaker}: best path from peer {best.PeerId}, which is down");
        return facts.BgpId;
    }

    /// <summary>The ASes of a path in order (AS_SETs flattened), for paths built only of sequences here.</summary>
    public static uint[] Asns(AsPath? path) => path is null ? [] : [.. path.Segments.SelectMany(s => s.Asns)];

    private static Dictionary<Prefix, List<SimSpeaker>> OriginatorsByPrefix(SimNetwork network)
    {
        var map = new Dictionary<Prefix, List<SimSpeaker>>();
        foreach (var speaker in network.Speakers)
            foreach (var prefix in speaker.Originated)
            {
                if (!map.TryGetValue(prefix, out var list)) map[prefix] = list = [];
                list.Add(speaker);
            }
        return map;
    }
}
