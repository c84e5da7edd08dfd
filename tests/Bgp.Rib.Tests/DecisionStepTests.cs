using System.Net;
using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using static Bgp.Rib.Tests.RibTestKit;

namespace Bgp.Rib.Tests;

/// <summary>
/// One case per step of RFC 4271 9.1.2 (and RFC 4456 9, RFC 5004): two paths that tie on every earlier
/// step, so that exactly the step under test decides, in both arrival orders. Base: two eBGP peers in
/// the same neighbour AS (so MED is comparable), router ids 1.1.1.1 and 2.2.2.2, IGP cost 10 each.
/// </summary>
public sealed class DecisionStepTests
{
    private const uint NeighbourAs = 65001;
    private static readonly RibPeer EbgpA = Peer(1, "10.0.0.1", NeighbourAs, "1.1.1.1");
    private static readonly RibPeer EbgpB = Peer(2, "10.0.0.2", NeighbourAs, "2.2.2.2");
    private static readonly RibPeer EbgpBOtherAs = Peer(2, "10.0.0.2", 65002, "2.2.2.2");
    private static readonly RibPeer EbgpAHighId = Peer(1, "10.0.0.1", NeighbourAs, "3.3.3.3");
    private static readonly RibPeer IbgpA = Peer(1, "10.0.0.1", 65000, "1.1.1.1", internalPeer: true);
    private static readonly RibPeer IbgpB = Peer(2, "10.0.0.2", 65000, "2.2.2.2", internalPeer: true);
    private static readonly RibPeer IbgpASameId = Peer(1, "10.0.0.9", 65000, "7.7.7.7", internalPeer: true);
    private static readonly RibPeer IbgpBSameId = Peer(2, "10.0.0.2", 65000, "7.7.7.7", internalPeer: true);

    private static PathAttributes A(AsPath? path = null, uint? localPref = null, Origin origin = Origin.Igp, uint? med = null, string? originatorId = null, int clusters = 0) =>
        Attrs(path, localPref, origin, med, "192.0.2.1", originatorId, clusters);

    private static PathAttributes B(AsPath? path = null, uint? localPref = null, Origin origin = Origin.Igp, uint? med = null, string? originatorId = null, int clusters = 0) =>
        Attrs(path, localPref, origin, med, "192.0.2.2", originatorId, clusters);

    public static readonly Dictionary<string, DecisionCase> Cases = new()
    {
        // RFC 4271 9.1.2.1: an unresolvable NEXT_HOP removes the route, however preferable.
        ["NextHopUnreachable"] = new(EbgpA, A(localPref: 500), EbgpB, B(), 'B', DecisionStep.NextHopUnreachable) { ReachableA = false },
        // RFC 4271 9.1.1: highest degree of preference.
        ["LocalPref_Higher"] = new(EbgpA, A(localPref: 200), EbgpB, B(localPref: 150), 'A', DecisionStep.LocalPref),
        ["LocalPref_MissingCountsAsDefault100"] = new(EbgpA, A(), EbgpB, B(localPref: 99), 'A', DecisionStep.LocalPref),
        ["LocalPref_ConfiguredDefault"] = new(EbgpA, A(), EbgpB, B(localPref: 150), 'A', DecisionStep.LocalPref)
        { Options = DecisionOptions.Default with { DefaultLocalPref = 200 } },
        // RFC 4271 9.1.2.2 (a).
        ["AsPathLength_Shorter"] = new(EbgpA, A(Path(65001, 65100)), EbgpB, B(Path(65001, 65100, 65200)), 'A', DecisionStep.AsPathLength),
        ["AsPathLength_AsSetCountsOne"] = new(EbgpA, A(Segments(Seq(65001), Set(1, 2, 3, 4, 5))), EbgpB, B(Path(65001, 65100, 65200)), 'A', DecisionStep.AsPathLength),
        ["AsPathLength_ConfederationCountsZero"] = new(EbgpA, A(Segments(ConfedSeq(65500, 65501, 65502), Seq(65001, 65100))), EbgpB, B(Path(65001, 65100, 65200)), 'A', DecisionStep.AsPathLength),
        // RFC 4271 9.1.2.2 (b).
        ["Origin_IgpOverIncomplete"] = new(EbgpA, A(origin: Origin.Incomplete), EbgpB, B(origin: Origin.Igp), 'B', DecisionStep.Origin),
        ["Origin_EgpOverIncomplete"] = new(EbgpA, A(origin: Origin.Egp), EbgpB, B(origin: Origin.Incomplete), 'A', DecisionStep.Origin),
        // RFC 4271 9.1.2.2 (c).
        ["Med_LowerFromSameNeighbourAs"] = new(EbgpA, A(med: 20), EbgpB, B(med: 10), 'B', DecisionStep.Med),
        ["Med_MissingCountsAsZero"] = new(EbgpA, A(), EbgpB, B(med: 5), 'A', DecisionStep.Med),
        ["Med_MissingAsWorst"] = new(EbgpA, A(), EbgpB, B(med: 5), 'B', DecisionStep.Med)
        { Options = DecisionOptions.Default with { MissingMedAsWorst = true } },
        ["Med_NotComparedAcrossNeighbourAses"] = new(EbgpA, A(med: 50), EbgpBOtherAs, B(Path(65002, 65100), med: 0), 'A', DecisionStep.RouterId),
        ["Med_AlwaysCompared"] = new(EbgpA, A(med: 50), EbgpBOtherAs, B(Path(65002, 65100), med: 0), 'B', DecisionStep.Med)
        { Options = DecisionOptions.Default with { AlwaysCompareMed = true } },
        // RFC 4271 9.1.2.2 (d).
        ["ExternalOverInternal"] = new(IbgpA, A(), EbgpB, B(), 'B', DecisionStep.ExternalOverInternal),
        // RFC 4271 9.1.2.2 (e).
        ["IgpCost_Lower"] = new(EbgpA, A(), EbgpB, B(), 'B', DecisionStep.IgpCost) { CostA = 20, CostB = 10 },
        // RFC 5004, optional: the older eBGP path although its router id is higher.
        ["OldestExternal_Enabled"] = new(EbgpAHighId, A(), EbgpB, B(), 'A', DecisionStep.OldestExternal)
        { Options = DecisionOptions.Default with { PreferOldestExternal = true }, OrderMatters = true },
        ["OldestExternal_DisabledFallsToRouterId"] = new(EbgpAHighId, A(), EbgpB, B(), 'B', DecisionStep.RouterId) { OrderMatters = true },
        ["OldestExternal_NotForInternal"] = new(IbgpB, B(), IbgpA, A(), 'B', DecisionStep.RouterId)
        { Options = DecisionOptions.Default with { PreferOldestExternal = true }, OrderMatters = true },
        // RFC 4271 9.1.2.2 (f).
        ["RouterId_Lower"] = new(EbgpA, A(), EbgpB, B(), 'A', DecisionStep.RouterId),
        // RFC 4456 9: ORIGINATOR_ID stands in for the BGP Identifier.
        ["RouterId_OriginatorIdReplacesBgpId"] = new(IbgpA, A(originatorId: "9.9.9.9"), IbgpB, B(), 'B', DecisionStep.RouterId),
        // RFC 4456 9: shorter CLUSTER_LIST.
        ["ClusterListLength_Shorter"] = new(IbgpA, A(originatorId: "5.5.5.5", clusters: 2), IbgpB, B(originatorId: "5.5.5.5", clusters: 1), 'B', DecisionStep.ClusterListLength),
        // RFC 4271 9.1.2.2 (g).
        ["PeerAddress_Lower"] = new(IbgpASameId, A(), IbgpBSameId, B(), 'B', DecisionStep.PeerAddress),
        // Past the RFC: ADD-PATH paths from one peer, lowest path id.
        ["PathId_Lower"] = new(EbgpA, A(), EbgpA, B(), 'B', DecisionStep.PathId) { PathIdA = 7, PathIdB = 3 },
    };

    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Decision_TwoPathsTiedBeforeStep_StepDecidesInEitherOrder(string name)
    {
        var c = Cases[name];
        foreach (bool aFirst in c.OrderMatters ? [true] : new[] { true, false })
        {
            var nextHops = new NextHopTable();
            nextHops.Set(IPAddress.Parse("192.0.2.1"), c.ReachableA ? new NextHopState(true, c.CostA) : NextHopState.Unreachable);
            nextHops.Set(IPAddress.Parse("192.0.2.2"), new NextHopState(true, c.CostB));
            var rib = new Rib(c.Options, nextHops);
            rib.AddPeer(c.PeerA);
            if (!ReferenceEquals(c.PeerA, c.PeerB)) rib.AddPeer(c.PeerB);
            void AnnounceA() => rib.Announce(c.PeerA.Id, new Nlri(P, c.PathIdA), c.AttrsA);
            void AnnounceB() => rib.Announce(c.PeerB.Id, new Nlri(P, c.PathIdB), c.AttrsB);
            if (aFirst) { AnnounceA(); AnnounceB(); }
            else { AnnounceB(); AnnounceA(); }

            var e = rib.Explain(P)!;
            Assert.Equal(2, e.Paths.Count);
            var winner = Assert.NotNull(e.Best);
            var (winnerPeer, winnerPathId) = c.Winner == 'A' ? (c.PeerA.Id, c.PathIdA) : (c.PeerB.Id, c.PathIdB);
            Assert.Equal((winnerPeer, winnerPathId), (winner.Path.PeerId, winner.Path.PathId));
            Assert.Equal(DecisionStep.None, winner.LostAt);
            var loser = e.Paths[1];
            Assert.False(loser.IsBest);
            Assert.Equal(c.Step, loser.LostAt);
            Assert.True(rib.TryGetBest(P, out var best));
            Assert.Equal((winnerPeer, winnerPathId), (best.PeerId, best.PathId));
        }
    }

    [Fact]
    public void Decision_EveryStepHasACase_NoneMissing()
    {
        var covered = Cases.Values.Select(c => c.Step).ToHashSet();
        foreach (var step in Enum.GetValues<DecisionStep>())
            if (step is not DecisionStep.None and not DecisionStep.PeerId)
                Assert.Contains(step, covered);
    }

    [Fact]
    public void Decision_AllNextHopsUnreachable_NoBestPath()
    {
        var nextHops = new NextHopTable { Default = NextHopState.Unreachable };
        var rib = new Rib(DecisionOptions.Default, nextHops);
        rib.AddPeer(EbgpA);
        var change = rib.Announce(EbgpA.Id, new Nlri(P), A());
        Assert.Equal(RibChangeKind.Unchanged, change.Kind);
        Assert.False(rib.TryGetBest(P, out _));
        var e = rib.Explain(P)!;
        Assert.Null(e.Best);
        Assert.Equal(DecisionStep.NextHopUnreachable, Assert.Single(e.Paths).LostAt);
    }

    [Fact]
    public void Reevaluate_NextHopBecomesUnreachable_BestPathMoves()
    {
        var nextHops = new NextHopTable();
        var rib = new Rib(DecisionOptions.Default, nextHops);
        rib.AddPeer(EbgpA);
        rib.AddPeer(EbgpB);
        rib.Announce(EbgpA.Id, new Nlri(P), A());
        rib.Announce(EbgpB.Id, new Nlri(P), B());
        Assert.True(rib.TryGetBest(P, out var before));
        Assert.Equal(EbgpA.Id, before.PeerId);
        nextHops.Set(IPAddress.Parse("192.0.2.1"), NextHopState.Unreachable);
        var change = rib.Ipv4.Reevaluate(P);
        Assert.True(change.BestPathChanged);
        Assert.True(rib.TryGetBest(P, out var after));
        Assert.Equal(EbgpB.Id, after.PeerId);
    }
}
