using System.Net;
using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Rib.Engine;
using static Bgp.Rib.Tests.Engine.EngineKit;

namespace Bgp.Rib.Tests.Engine;

/// <summary>RFC 4271 9.1.2.1 and 9.1.2.2 (e) through the engine: a next hop's reachability and IGP cost change the best path.</summary>
public sealed class NextHopChangedTests
{
    private static readonly Prefix P = Prefix.Parse("10.1.0.0/16");
    private static readonly IPAddress Hop1 = IPAddress.Parse("192.0.2.1");
    private static readonly IPAddress Hop2 = IPAddress.Parse("192.0.2.2");

    [Fact]
    public void NextHopChanged_BestPathsHopUnreachableThenBack_OtherPathWinsAndPeersHearOfBothChanges()
    {
        var e = NewEngine();
        e.Execute(Up(1, 65001));
        e.Execute(Up(2, 65002));
        e.Execute(Up(3, 65003));
        Drain(e, 3);
        e.Execute(new UpdateReceived(1, Announce("10.1.0.0/16", Attrs("192.0.2.1", 65001))));
        e.Execute(new UpdateReceived(2, Announce("10.1.0.0/16", Attrs("192.0.2.2", 65002, 65020))));
        Assert.Equal(1, e.GetBest(P)!.PeerId);
        Assert.Equal(AsPath.FromSequence(LocalAs, 65001), Assert.Single(DrainRoutes(e, 3)).Attributes.AsPath);

        e.Execute(new NextHopChanged(Hop1, NextHopState.Unreachable));
        Assert.Equal(2, e.GetBest(P)!.PeerId);
        Assert.Equal(AsPath.FromSequence(LocalAs, 65002, 65020), Assert.Single(DrainRoutes(e, 3)).Attributes.AsPath);

        e.Execute(new NextHopChanged(Hop1, NextHopState.Connected));
        Assert.Equal(1, e.GetBest(P)!.PeerId);
        Assert.Equal(AsPath.FromSequence(LocalAs, 65001), Assert.Single(DrainRoutes(e, 3)).Attributes.AsPath);
    }

    [Fact]
    public void NextHopChanged_EveryHopUnreachable_PrefixWithdrawnFromPeers()
    {
        var e = NewEngine();
        e.Execute(Up(1, 65001));
        e.Execute(Up(3, 65003));
        Drain(e, 3);
        e.Execute(new UpdateReceived(1, Announce("10.1.0.0/16", Attrs("192.0.2.1", 65001))));
        Assert.Single(DrainRoutes(e, 3));

        e.Execute(new NextHopChanged(Hop1, NextHopState.Unreachable));
        Assert.Null(e.GetBest(P));
        Assert.Equal(P, Assert.Single(Assert.Single(DrainRoutes(e, 3)).Withdrawn).Prefix);
    }

    [Fact]
    public void NextHopChanged_IgpCostOfEqualIbgpPaths_LowerCostWins()
    {
        var e = NewEngine();
        e.Execute(Up(1, LocalAs));
        e.Execute(Up(2, LocalAs));
        // Equal up to the IGP cost step: the lower router id (peer 1) wins while both costs are 0.
        e.Execute(new UpdateReceived(1, Announce("10.1.0.0/16", Attrs("192.0.2.1", 65010))));
        e.Execute(new UpdateReceived(2, Announce("10.1.0.0/16", Attrs("192.0.2.2", 65010))));
        Assert.Equal(1, e.GetBest(P)!.PeerId);

        e.Execute(new NextHopChanged(Hop1, new NextHopState(true, 20)));
        e.Execute(new NextHopChanged(Hop2, new NextHopState(true, 10)));
        Assert.Equal(2, e.GetBest(P)!.PeerId);
        var explained = e.Explain(P)!;
        Assert.Contains(explained.Paths, p => p.Path.PeerId == 1 && p.LostAt == DecisionStep.IgpCost);
    }
}
