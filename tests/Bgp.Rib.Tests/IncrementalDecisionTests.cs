using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using static Bgp.Rib.Tests.RibTestKit;

namespace Bgp.Rib.Tests;

/// <summary>
/// The incremental decision (LocRib.Incremental.cs) is taken where it applies: the case of workload 2, four
/// full tables whose paths to a prefix differ in AS_PATH length, decides every announcement, replacement and
/// withdrawal of a path that is not best without the full selection; a tie on the steps before MED still
/// runs it.
/// </summary>
public sealed class IncrementalDecisionTests
{
    private static Rib FourPeers()
    {
        var rib = new Rib();
        for (int i = 1; i <= 4; i++) rib.AddPeer(Peer(i, $"10.0.0.{i}", 65000 + (uint)i, $"{i}.0.0.1"));
        return rib;
    }

    private static PathAttributes Length(int peer, int length) =>
        Attrs(Path([.. Enumerable.Range(0, length).Select(k => k == 0 ? 65000 + (uint)peer : 3356 + (uint)k)]), nextHop: $"192.0.2.{peer}");

    [Fact]
    public void Announce_FourPeersWithDifferentAsPathLengths_NoFullSelection()
    {
        var rib = FourPeers();
        // First path, a shorter one, a longer one, the shortest: new best, new best, unchanged, new best.
        Assert.Equal(RibChangeKind.BestPath | RibChangeKind.Multipath, rib.Announce(1, new Nlri(P), Length(1, 4)).Kind);
        Assert.Equal(RibChangeKind.BestPath | RibChangeKind.Multipath, rib.Announce(2, new Nlri(P), Length(2, 3)).Kind);
        Assert.Equal(RibChangeKind.Unchanged, rib.Announce(3, new Nlri(P), Length(3, 5)).Kind);
        Assert.Equal(RibChangeKind.BestPath | RibChangeKind.Multipath, rib.Announce(4, new Nlri(P), Length(4, 2)).Kind);
        // A loser replaced by another loser, and a loser withdrawn.
        Assert.Equal(RibChangeKind.Unchanged, rib.Announce(3, new Nlri(P), Length(3, 6)).Kind);
        Assert.Equal(RibChangeKind.Unchanged, rib.Withdraw(1, new Nlri(P)).Kind);

        Assert.Equal(0L, rib.Ipv4.FullDecisions);
        Assert.True(rib.TryGetBest(P, out var best));
        Assert.Equal(4, best.PeerId);
        var e = rib.Explain(P)!;
        Assert.Equal(4, e.Paths[0].Path.PeerId);
        Assert.Equal([2, 3], e.Paths.Skip(1).Select(p => p.Path.PeerId).Order());
        Assert.All(e.Paths.Skip(1), p => Assert.Equal(DecisionStep.AsPathLength, p.LostAt));

        // A tie with the best on LOCAL_PREF, AS_PATH length and ORIGIN leaves the rest to decide: full selection,
        // which the lower BGP Identifier wins (RFC 4271 9.1.2.2 (f)).
        Assert.Equal(RibChangeKind.BestPath | RibChangeKind.Multipath, rib.Announce(1, new Nlri(P), Length(1, 2)).Kind);
        Assert.Equal(1L, rib.Ipv4.FullDecisions);
        Assert.True(rib.TryGetBest(P, out best));
        Assert.Equal(1, best.PeerId);
    }

    [Fact]
    public void Withdraw_LoserThatEliminatedAnotherAtMed_FullSelectionMovesBest()
    {
        var rib = new Rib();
        rib.AddPeer(Peer(1, "10.0.0.1", 65001, "1.0.0.1"));
        rib.AddPeer(Peer(2, "10.0.0.2", 65001, "3.0.0.1"));
        rib.AddPeer(Peer(3, "10.0.0.3", 65002, "2.0.0.1"));
        // All tie before MED. Peer 2's lower MED rules out peer 1 (same neighbour AS, RFC 4271 9.1.2.2 (c)), and
        // peer 3 beats peer 2 on BGP Identifier; without peer 2, peer 1 is back and beats peer 3 on it.
        rib.Announce(1, new Nlri(P), Attrs(Path(65001, 65100), med: 10, nextHop: "192.0.2.1"));
        rib.Announce(2, new Nlri(P), Attrs(Path(65001, 65100), med: 5, nextHop: "192.0.2.2"));
        rib.Announce(3, new Nlri(P), Attrs(Path(65002, 65100), med: 0, nextHop: "192.0.2.3"));
        Assert.True(rib.TryGetBest(P, out var best));
        Assert.Equal(3, best.PeerId);
        Assert.Equal(DecisionStep.Med, rib.Explain(P)!.Paths.Single(p => p.Path.PeerId == 1).LostAt);

        Assert.Equal(RibChangeKind.BestPath | RibChangeKind.Multipath, rib.Withdraw(2, new Nlri(P)).Kind);
        Assert.True(rib.TryGetBest(P, out best));
        Assert.Equal(1, best.PeerId);
    }
}
