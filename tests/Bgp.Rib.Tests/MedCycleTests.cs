using System.Net;
using Bgp.Protocol;
using static Bgp.Rib.Tests.RibTestKit;

namespace Bgp.Rib.Tests;

/// <summary>
/// The classic MED cycle (RFC 3345 style): A and C come from AS 65001, B from AS 65002, all iBGP.
/// Pairwise A beats B (IGP 10 &lt; 20), B beats C (IGP 20 &lt; 30), C beats A (same AS, MED 5 &lt; 10).
/// RFC 4271's elimination removes A by MED (C is in its AS with a lower MED), then B beats C on IGP cost.
/// </summary>
public sealed class MedCycleTests
{
    private static readonly RibPeer PeerA = Peer(1, "10.0.0.1", 65000, "1.1.1.1", internalPeer: true);
    private static readonly RibPeer PeerB = Peer(2, "10.0.0.2", 65000, "2.2.2.2", internalPeer: true);
    private static readonly RibPeer PeerC = Peer(3, "10.0.0.3", 65000, "3.3.3.3", internalPeer: true);

    private static Rib NewRib(DecisionOptions options)
    {
        var nextHops = new NextHopTable();
        nextHops.Set(IPAddress.Parse("192.0.2.1"), new NextHopState(true, 10));
        nextHops.Set(IPAddress.Parse("192.0.2.2"), new NextHopState(true, 20));
        nextHops.Set(IPAddress.Parse("192.0.2.3"), new NextHopState(true, 30));
        var rib = new Rib(options, nextHops);
        rib.AddPeer(PeerA);
        rib.AddPeer(PeerB);
        rib.AddPeer(PeerC);
        return rib;
    }

    private static readonly (RibPeer Peer, Bgp.Protocol.Attributes.PathAttributes Attrs)[] Routes =
    [
        (PeerA, Attrs(Path(65001, 65100), med: 10, nextHop: "192.0.2.1")),
        (PeerB, Attrs(Path(65002, 65100), nextHop: "192.0.2.2")),
        (PeerC, Attrs(Path(65001, 65100), med: 5, nextHop: "192.0.2.3")),
    ];

    private static IEnumerable<int[]> Permutations()
    {
        int[][] all = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];
        return all;
    }

    [Fact]
    public void DeterministicMed_EveryArrivalOrder_BestIsBAndReasonsAreMedAndIgp()
    {
        foreach (var order in Permutations())
        {
            var rib = NewRib(DecisionOptions.Default);
            foreach (int i in order) rib.Announce(Routes[i].Peer.Id, new Nlri(P), Routes[i].Attrs);
            var e = rib.Explain(P)!;
            Assert.Equal(PeerB.Id, e.Best!.Value.Path.PeerId);
            Assert.Equal(DecisionStep.Med, e.Paths.Single(x => x.Path.PeerId == PeerA.Id).LostAt);
            Assert.Equal(DecisionStep.IgpCost, e.Paths.Single(x => x.Path.PeerId == PeerC.Id).LostAt);
        }
    }

    [Fact]
    public void AlwaysCompareMed_EveryArrivalOrder_LowestMedWins()
    {
        // B has no MED, which counts as 0: the lowest of the three.
        foreach (var order in Permutations())
        {
            var rib = NewRib(DecisionOptions.Default with { AlwaysCompareMed = true });
            foreach (int i in order) rib.Announce(Routes[i].Peer.Id, new Nlri(P), Routes[i].Attrs);
            Assert.True(rib.TryGetBest(P, out var best));
            Assert.Equal(PeerB.Id, best.PeerId);
            var e = rib.Explain(P)!;
            Assert.All(e.Paths.Where(x => !x.IsBest), x => Assert.Equal(DecisionStep.Med, x.LostAt));
        }
    }

    [Fact]
    public void NonDeterministicMed_DifferentArrivalOrders_BestDependsOnHistory()
    {
        // Why deterministic MED is the default: walked pairwise, the cycle's winner is whichever the order favours.
        var winners = new HashSet<int>();
        foreach (var order in Permutations())
        {
            var rib = NewRib(DecisionOptions.Default with { DeterministicMed = false });
            foreach (int i in order) rib.Announce(Routes[i].Peer.Id, new Nlri(P), Routes[i].Attrs);
            Assert.True(rib.TryGetBest(P, out var best));
            winners.Add(best.PeerId);
        }
        Assert.True(winners.Count > 1, $"winners {string.Join(',', winners)}");
    }
}
