using Bgp.Protocol;
using static Bgp.Rib.Tests.RibTestKit;

namespace Bgp.Rib.Tests;

/// <summary>RFC 7911: paths to one prefix from one peer are kept apart by path identifier.</summary>
public sealed class AddPathTests
{
    private static readonly RibPeer Reflector = Peer(1, "10.0.0.1", 65000, "1.1.1.1", internalPeer: true);

    private static Rib NewRib()
    {
        var rib = new Rib();
        rib.AddPeer(Reflector);
        return rib;
    }

    [Fact]
    public void Announce_TwoPathIdsFromOnePeer_BothKept()
    {
        var rib = NewRib();
        rib.Announce(1, new Nlri(P, 1), Attrs(Path(65001), nextHop: "192.0.2.1"));
        rib.Announce(1, new Nlri(P, 2), Attrs(Path(65002, 65003), nextHop: "192.0.2.2"));
        var adj = rib.AdjRibIn(1, Afi.Ipv4);
        Assert.Equal(2, adj.Count);
        Assert.True(adj.TryGet(P, 1, out var one));
        Assert.True(adj.TryGet(P, 2, out var two));
        Assert.NotSame(one, two);
        Assert.Equal(1, rib.Ipv4.PrefixCount);
        Assert.Equal(2, rib.Ipv4.PathCount);
        var e = rib.Explain(P)!;
        Assert.Equal(1u, e.Best!.Value.Path.PathId);
        Assert.Equal(DecisionStep.AsPathLength, e.Paths[1].LostAt);
    }

    [Fact]
    public void Withdraw_OnePathId_OtherStaysAndBecomesBest()
    {
        var rib = NewRib();
        rib.Announce(1, new Nlri(P, 1), Attrs(Path(65001), nextHop: "192.0.2.1"));
        rib.Announce(1, new Nlri(P, 2), Attrs(Path(65002, 65003), nextHop: "192.0.2.2"));
        var change = rib.Withdraw(1, new Nlri(P, 1));
        Assert.True(change.BestPathChanged);
        Assert.True(rib.TryGetBest(P, out var best));
        Assert.Equal(2u, best.PathId);
        Assert.Equal(1, rib.AdjRibIn(1, Afi.Ipv4).Count);
        Assert.False(rib.AdjRibIn(1, Afi.Ipv4).TryGet(P, 1, out _));
    }

    [Fact]
    public void Announce_SamePathIdAgain_ReplacesOnlyThatPath()
    {
        var rib = NewRib();
        rib.Announce(1, new Nlri(P, 1), Attrs(Path(65001), nextHop: "192.0.2.1"));
        rib.Announce(1, new Nlri(P, 2), Attrs(Path(65002, 65003), nextHop: "192.0.2.2"));
        var change = rib.Announce(1, new Nlri(P, 2), Attrs(Path(65002), localPref: 300, nextHop: "192.0.2.2"));
        Assert.True(change.BestPathChanged);
        Assert.Equal(2, rib.Ipv4.PathCount);
        Assert.True(rib.TryGetBest(P, out var best));
        Assert.Equal(2u, best.PathId);
        Assert.Equal(300u, best.Attributes.LocalPref);
    }

    [Fact]
    public void Announce_SameAttributesAgain_UnchangedAndOneReference()
    {
        var rib = NewRib();
        rib.Announce(1, new Nlri(P, 1), Attrs(Path(65001)));
        var change = rib.Announce(1, new Nlri(P, 1), Attrs(Path(65001)));
        Assert.Equal(RibChangeKind.Unchanged, change.Kind);
        Assert.Equal(1, rib.Interner.Count);
        rib.Withdraw(1, new Nlri(P, 1));
        Assert.Equal(0, rib.Interner.Count);
        Assert.Equal(0, rib.Ipv4.PrefixCount);
    }

    [Fact]
    public void Withdraw_UnknownPathId_Unchanged()
    {
        var rib = NewRib();
        rib.Announce(1, new Nlri(P, 1), Attrs(Path(65001)));
        Assert.Equal(RibChangeKind.Unchanged, rib.Withdraw(1, new Nlri(P, 9)).Kind);
        Assert.Equal(RibChangeKind.Unchanged, rib.Withdraw(1, new Nlri(Prefix.Parse("10.9.0.0/16"), 1)).Kind);
        Assert.Equal(1, rib.Ipv4.PathCount);
    }
}
