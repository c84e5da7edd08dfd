using System.Net;
using Bgp.Protocol;
using static Bgp.Rib.Tests.RibTestKit;

namespace Bgp.Rib.Tests;

/// <summary>ECMP: paths equal to the best through the IGP cost step, same neighbour AS unless relaxed, at most MaxPaths.</summary>
public sealed class MultipathTests
{
    private static Rib NewRib(DecisionOptions options, out NextHopTable nextHops)
    {
        nextHops = new NextHopTable();
        var rib = new Rib(options, nextHops);
        for (int i = 1; i <= 4; i++) rib.AddPeer(Peer(i, $"10.0.0.{i}", 65001, $"{i}.{i}.{i}.{i}"));
        rib.AddPeer(Peer(5, "10.0.0.5", 65002, "5.5.5.5"));
        return rib;
    }

    private static int[] SetOf(Rib rib)
    {
        var list = new List<RibPath>();
        rib.Ipv4.GetMultipath(P, list);
        return [.. list.Select(p => p.PeerId).Order()];
    }

    [Fact]
    public void Multipath_FourEqualPathsMaxThree_LowestTieBreaksKept()
    {
        var rib = NewRib(DecisionOptions.Default with { MaxPaths = 3 }, out _);
        for (int i = 4; i >= 1; i--) rib.Announce(i, new Nlri(P), Attrs(nextHop: $"192.0.2.{i}"));
        Assert.Equal([1, 2, 3], SetOf(rib));
        var e = rib.Explain(P)!;
        Assert.Equal([1, 2, 3, 4], e.Paths.Select(p => p.Path.PeerId));
        Assert.Equal(DecisionStep.RouterId, e.Paths[3].LostAt);
        Assert.False(e.Paths[3].InMultipath);
    }

    [Fact]
    public void Multipath_HigherIgpCostOrOtherNeighbourAs_Excluded()
    {
        var rib = NewRib(DecisionOptions.Default with { MaxPaths = 8 }, out var nextHops);
        nextHops.Set(IPAddress.Parse("192.0.2.3"), new NextHopState(true, 50));
        for (int i = 1; i <= 3; i++) rib.Announce(i, new Nlri(P), Attrs(nextHop: $"192.0.2.{i}"));
        rib.Announce(5, new Nlri(P), Attrs(Path(65002, 65100), nextHop: "192.0.2.5"));
        Assert.Equal([1, 2], SetOf(rib));
    }

    [Fact]
    public void Multipath_RelaxOption_OtherNeighbourAsIncluded()
    {
        var rib = NewRib(DecisionOptions.Default with { MaxPaths = 8, MultipathRelax = true }, out _);
        rib.Announce(1, new Nlri(P), Attrs(nextHop: "192.0.2.1"));
        rib.Announce(5, new Nlri(P), Attrs(Path(65002, 65100), nextHop: "192.0.2.5"));
        Assert.Equal([1, 5], SetOf(rib));
    }

    [Fact]
    public void Multipath_MemberAdded_ReportsMultipathOnly()
    {
        var rib = NewRib(DecisionOptions.Default with { MaxPaths = 2 }, out _);
        Assert.Equal(RibChangeKind.BestPath | RibChangeKind.Multipath, rib.Announce(1, new Nlri(P), Attrs()).Kind);
        Assert.Equal(RibChangeKind.Multipath, rib.Announce(2, new Nlri(P), Attrs()).Kind);
        // A third equal path ranks after both members: nothing visible changes.
        Assert.Equal(RibChangeKind.Unchanged, rib.Announce(3, new Nlri(P), Attrs()).Kind);
        // The second member's attributes change but it stays a member: the set changed.
        Assert.Equal(RibChangeKind.Multipath, rib.Announce(2, new Nlri(P), Attrs(originatorId: null, med: 0)).Kind);
    }
}
