using System.Collections.Immutable;
using System.Net;
using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using FsCheck;
using FsCheck.Fluent;

namespace Bgp.Testing.Rib;

/// <summary>
/// Generators of RIB scenarios that exercise every decision step: few distinct values per attribute so
/// that ties are common and later steps get to decide, neighbour ASes shared between peers so that MED
/// applies (and its non-transitive cycles appear), iBGP and eBGP peers, unreachable next hops, ADD-PATH ids.
/// </summary>
public static class RibGen
{
    public const uint LocalAs = 65000;
    private static readonly uint[] NeighbourAses = [65001, 65002, 65003];
    public static readonly string[] NextHopAddresses = ["192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4"];
    public static readonly Prefix[] ScenarioPrefixes = [Prefix.Parse("10.0.0.0/24"), Prefix.Parse("10.0.1.0/24"), Prefix.Parse("2001:db8::/32")];

    public static Gen<RibPeerSpec> Peer(int id) =>
        from internalPeer in Gen.Frequency((1, Gen.Constant(true)), (2, Gen.Constant(false)))
        from asIndex in Gen.Choose(0, NeighbourAses.Length - 1)
        from bgpId in Gen.Choose(1, 4)
        select new RibPeerSpec(id, $"10.255.0.{id}", internalPeer ? LocalAs : NeighbourAses[asIndex], (uint)bgpId << 24 | 1, internalPeer);

    public static Gen<PathAttributes> Attributes(RibPeerSpec peer) =>
        from lp in Gen.Elements<uint?>(null, 100u, 200u)
        from firstIndex in Gen.Choose(0, NeighbourAses.Length - 1)
        from emptyPath in Gen.Frequency((1, Gen.Constant(true)), (6, Gen.Constant(false)))
        from extra in Gen.Choose(0, 2)
        from withSet in Gen.Frequency((1, Gen.Constant(true)), (4, Gen.Constant(false)))
        from origin in Gen.Elements(Origin.Igp, Origin.Egp, Origin.Incomplete)
        from med in Gen.Elements<uint?>(null, 0u, 10u, 20u)
        from nextHop in Gen.Elements(NextHopAddresses)
        from originator in Gen.Elements<uint?>(null, 0x01000001u, 0x03000001u)
        from clusters in Gen.Choose(0, 2)
        select new PathAttributes
        {
            LocalPref = peer.IsInternal ? lp : lp == 200 ? 200 : null,
            AsPath = AsPathFor(peer.IsInternal ? (emptyPath ? null : NeighbourAses[firstIndex]) : peer.RemoteAs, extra, withSet),
            Origin = origin,
            MultiExitDisc = med,
            NextHop = IPAddress.Parse(nextHop),
            OriginatorId = peer.IsInternal ? originator : null,
            ClusterList = peer.IsInternal ? [.. Enumerable.Range(1, clusters).Select(i => (uint)i)] : [],
        };

    private static AsPath AsPathFor(uint? first, int extra, bool withSet)
    {
        if (first is null) return AsPath.Empty;
        var sequence = new List<uint> { first.Value };
        for (int i = 0; i < extra; i++) sequence.Add(64600u + (uint)i);
        var segments = ImmutableArray.CreateBuilder<AsPathSegment>();
        segments.Add(new AsPathSegment(AsPathSegmentType.AsSequence, [.. sequence]));
        if (withSet) segments.Add(new AsPathSegment(AsPathSegmentType.AsSet, [64700, 64701]));
        return new AsPath(segments.ToImmutable());
    }

    /// <summary>A route's history: one to three announcements with a withdrawal possibly in between or at the end.</summary>
    public static Gen<IReadOnlyList<RibOp>> History(RibPeerSpec peer, Prefix prefix, uint pathId) =>
        from first in Attributes(peer)
        from second in Attributes(peer)
        from shape in Gen.Choose(0, 4)
        select (IReadOnlyList<RibOp>)(shape switch
        {
            0 => [new RibOp(peer.Id, prefix, pathId, first)],
            1 => [new RibOp(peer.Id, prefix, pathId, first), new RibOp(peer.Id, prefix, pathId, second)],
            2 => [new RibOp(peer.Id, prefix, pathId, first), new RibOp(peer.Id, prefix, pathId, null)],
            3 => [new RibOp(peer.Id, prefix, pathId, first), new RibOp(peer.Id, prefix, pathId, null), new RibOp(peer.Id, prefix, pathId, second)],
            _ => [new RibOp(peer.Id, prefix, pathId, first), new RibOp(peer.Id, prefix, pathId, second), new RibOp(peer.Id, prefix, pathId, null)],
        });

    public static Gen<RibScenario> Scenario =>
        from peerCount in Gen.Choose(2, 5)
        from peers in Gen.CollectToArray(Enumerable.Range(1, peerCount), Peer)
        from states in Gen.CollectToArray(NextHopAddresses, _ =>
            from reachable in Gen.Frequency((1, Gen.Constant(false)), (6, Gen.Constant(true)))
            from cost in Gen.Elements(0u, 10u, 20u)
            select (reachable, cost))
        from prefixCount in Gen.Choose(1, ScenarioPrefixes.Length)
        from histories in Gen.CollectToArray(Routes(peers.ToList(), prefixCount), g => g)
        select new RibScenario(
            peers.ToList(),
            NextHopAddresses.Zip(states).ToDictionary(x => x.First, x => x.Second),
            histories.ToList());

    /// <summary>
    /// Steps over a few prefixes in one given order: mostly announcements, replacements and withdrawals by
    /// peers that send one or two ADD-PATH ids (as in <see cref="Scenario"/>), now and then a next hop that
    /// goes up, down or changes cost, a session lost with or without graceful restart, a sweep of stale
    /// paths, or candidate reporting switched on or off. One run in five announces only routes that tie on
    /// the steps before MED (<see cref="TiedAttributes"/>), where MED's cycles decide, and two in five routes
    /// that nearly do (<see cref="NearlyTiedAttributes"/>), so that strictly better and worse ones meet those cycles.
    /// </summary>
    public static Gen<RibRun> Run =>
        from peerCount in Gen.Choose(2, 5)
        from peers in Gen.CollectToArray(Enumerable.Range(1, peerCount), Peer)
        from states in Gen.CollectToArray(NextHopAddresses, _ => NextHopState)
        from prefixCount in Gen.Choose(1, ScenarioPrefixes.Length)
        from length in Gen.Choose(1, 60)
        from mode in Gen.Frequency((2, Gen.Constant(RunMode.Any)), (1, Gen.Constant(RunMode.Tied)), (2, Gen.Constant(RunMode.NearlyTied)))
        from steps in Gen.ArrayOf(Step(peers, prefixCount, mode), length)
        select new RibRun(peers, NextHopAddresses.Zip(states).ToDictionary(x => x.First, x => x.Second), steps);

    private static Gen<(bool Reachable, uint Cost)> NextHopState =>
        from reachable in Gen.Frequency((1, Gen.Constant(false)), (6, Gen.Constant(true)))
        from cost in Gen.Elements(0u, 10u, 20u)
        select (reachable, cost);

    /// <summary>
    /// Attributes that tie on LOCAL_PREF, AS_PATH length and ORIGIN (an eBGP route's own LOCAL_PREF is dropped
    /// on import), so that MED between neighbour ASes, eBGP over iBGP, IGP cost and the tie-breaks decide.
    /// </summary>
    public static Gen<PathAttributes> TiedAttributes(RibPeerSpec peer) =>
        from attributes in Attributes(peer)
        from firstIndex in Gen.Choose(0, NeighbourAses.Length - 1)
        select attributes with
        {
            LocalPref = null,
            AsPath = AsPathFor(peer.IsInternal ? NeighbourAses[firstIndex] : peer.RemoteAs, 1, withSet: false),
            Origin = Origin.Igp,
        };

    /// <summary>
    /// Tied attributes, and in half of the cases one step before MED moved either way (a LOCAL_PREF set by policy
    /// above or below the default, an AS_PATH one shorter or longer, a worse ORIGIN): routes in and out of the set
    /// that ties before MED, so that the incremental decision's strict cases (LocRib.Incremental.cs) meet MED's
    /// cycles among the tied ones.
    /// </summary>
    public static Gen<PathAttributes> NearlyTiedAttributes(RibPeerSpec peer) =>
        from attributes in TiedAttributes(peer)
        from shift in Gen.Choose(0, 9)
        select shift switch
        {
            0 => attributes with { LocalPref = 200 },
            1 => attributes with { LocalPref = 50 },
            2 => attributes with { AsPath = AsPathFor(attributes.AsPath!.Asns[0], 0, withSet: false) },
            3 => attributes with { AsPath = AsPathFor(attributes.AsPath!.Asns[0], 2, withSet: false) },
            4 => attributes with { Origin = Origin.Egp },
            _ => attributes,
        };

    private enum RunMode { Any, Tied, NearlyTied }

    private static Gen<RibStep> Step(RibPeerSpec[] peers, int prefixCount, RunMode mode)
    {
        var route =
            from peer in Gen.Elements(peers)
            from prefix in Gen.Elements(ScenarioPrefixes.Take(prefixCount).ToArray())
            from pathId in Gen.Choose(1, peer.Id % 2 == 0 ? 2 : 1)
            from withdraw in Gen.Frequency((1, Gen.Constant(true)), (3, Gen.Constant(false)))
            from attributes in mode switch { RunMode.Tied => TiedAttributes(peer), RunMode.NearlyTied => NearlyTiedAttributes(peer), _ => Attributes(peer) }
            select new RibStep(RibStepKind.Route, new RibOp(peer.Id, prefix, (uint)pathId, withdraw ? null : attributes));
        var nextHop =
            from address in Gen.Elements(NextHopAddresses)
            from state in NextHopState
            select new RibStep(RibStepKind.NextHop, NextHop: address, Reachable: state.Reachable, Cost: state.Cost);
        var session =
            from kind in Gen.Elements(RibStepKind.PeerDown, RibStepKind.MarkStale, RibStepKind.SweepStale)
            from peer in Gen.Elements(peers)
            select new RibStep(kind, PeerId: peer.Id);
        var report = Gen.Elements(true, false).Select(on => new RibStep(RibStepKind.ReportCandidates, Reachable: on));
        return Gen.Frequency((30, route), (3, nextHop), (3, session), (1, report));
    }

    private static IEnumerable<Gen<IReadOnlyList<RibOp>>> Routes(List<RibPeerSpec> peers, int prefixCount)
    {
        for (int p = 0; p < prefixCount; p++)
            foreach (var peer in peers)
            {
                // Peer id decides how many ADD-PATH paths it sends: 1 or 2.
                int paths = peer.Id % 2 == 0 ? 2 : 1;
                for (uint id = 1; id <= paths; id++) yield return History(peer, ScenarioPrefixes[p], id);
            }
    }
}
