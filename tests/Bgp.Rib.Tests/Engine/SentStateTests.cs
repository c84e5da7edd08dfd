using Bgp.Protocol;
using Bgp.Rib.Engine;
using static Bgp.Rib.Tests.Engine.EngineKit;

namespace Bgp.Rib.Tests.Engine;

/// <summary>
/// The engine keeps each peer's sent state by the Loc-RIB's destination index (issue #7): a prefix that
/// leaves the Loc-RIB stays indexed exactly until every peer that had it was sent the withdrawal, or went down.
/// </summary>
public sealed class SentStateTests
{
    [Fact]
    public void SourcePeerDown_WithdrawalsWrittenPeerByPeer_DestinationsFreedAfterLast()
    {
        var e = new RibEngine(new RibEngineSettings(LocalAs, EngineKit.RouterId)) { AdjRibOutDenseMinimum = 0 };
        e.Execute(Up(1, 65001));
        e.Execute(Up(2, 65002));
        e.Execute(Up(3, 65003));
        e.Execute(new UpdateReceived(1, Announce("10.1.0.0/16", Attrs("192.0.2.1", 65001))));
        e.Execute(new UpdateReceived(1, Announce("10.2.0.0/16", Attrs("192.0.2.1", 65001))));
        Drain(e, 2);
        Drain(e, 3);
        Assert.Equal(2, e.AdjRibOut(2)!.SlotSentCount);

        e.Execute(new PeerDown(1));
        Assert.Equal(0, e.Rib.Ipv4.PrefixCount);
        Assert.Equal(2, e.Rib.Ipv4.IndexedDestinations);

        Assert.Equal(2, DrainRoutes(e, 2).Sum(u => u.Withdrawn.Length));
        Assert.Equal(2, e.Rib.Ipv4.IndexedDestinations);
        Assert.Equal(2, DrainRoutes(e, 3).Sum(u => u.Withdrawn.Length));
        Assert.Equal(0, e.Rib.Ipv4.IndexedDestinations);
    }

    [Fact]
    public void ReceiverPeerDown_WithdrawalStillPending_HoldReleased()
    {
        var e = new RibEngine(new RibEngineSettings(LocalAs, EngineKit.RouterId)) { AdjRibOutDenseMinimum = 0 };
        e.Execute(Up(1, 65001));
        e.Execute(Up(2, 65002));
        e.Execute(new UpdateReceived(1, Announce("10.1.0.0/16", Attrs("192.0.2.1", 65001))));
        Drain(e, 2);
        e.Execute(new UpdateReceived(1, WithdrawOf("10.1.0.0/16")));
        Assert.Equal(1, e.Rib.Ipv4.IndexedDestinations);

        e.Execute(new PeerDown(2));

        Assert.Equal(0, e.Rib.Ipv4.IndexedDestinations);
        Assert.Equal(-1, e.Rib.Ipv4.FindDestinationIndex(Prefix.Parse("10.1.0.0/16")));
    }
}
