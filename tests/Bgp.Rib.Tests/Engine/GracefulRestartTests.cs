using Bgp.Protocol;
using Bgp.Protocol.Capabilities;
using Bgp.Protocol.Messages;
using Bgp.Rib.Engine;
using static Bgp.Rib.Tests.Engine.EngineKit;

namespace Bgp.Rib.Tests.Engine;

public class GracefulRestartTests
{
    private static readonly Prefix P1 = Prefix.Parse("10.1.0.0/16");
    private static readonly Prefix P2 = Prefix.Parse("10.2.0.0/16");

    /// <summary>Peer 1 with the GR capability (F bit per <paramref name="forwardingPreserved"/>), or without one.</summary>
    private static PeerUp GrUp(bool capability = true, bool forwardingPreserved = true)
    {
        var up = Up(1, 65001);
        var gr = new GracefulRestartCapability(false, false, 120, [new GracefulRestartFamily(AfiSafi.Ipv4Unicast, forwardingPreserved)]);
        return up with { Facts = up.Facts with { GracefulRestart = capability ? gr : null } };
    }

    /// <summary>Peer 1 (GR) sent 10.1/16 and 10.2/16, peer 2 has them, and peer 1's TCP connection was lost.</summary>
    private static RibEngine Restarting()
    {
        var e = NewEngine();
        e.Execute(GrUp());
        e.Execute(Up(2, 65002));
        e.Execute(new UpdateReceived(1, Announce("10.1.0.0/16", Attrs("192.0.2.1", 65001))));
        e.Execute(new UpdateReceived(1, Announce("10.2.0.0/16", Attrs("192.0.2.1", 65001))));
        Drain(e, 2);
        e.Execute(new PeerDown(1, RetainStale: true));
        return e;
    }

    private static List<Prefix> Withdrawn(List<UpdateMessage> updates)
    {
        var list = new List<Prefix>();
        foreach (var u in updates)
            foreach (var n in u.Withdrawn) list.Add(n.Prefix);
        return list;
    }

    [Fact]
    public void PeerDown_RetainStale_RoutesKeptStaleAndStillBestNothingWithdrawn()
    {
        var e = Restarting();

        Assert.True(e.IsRestarting(1));
        Assert.False(e.IsPeerUp(1));
        Assert.Equal(2, e.StalePathCount(1));
        Assert.Equal(1, e.GetBest(P1)!.PeerId);
        Assert.True(e.Rib.Ipv4.IsStale(1, P1, 0));
        Assert.Empty(DrainRoutes(e, 2));
    }

    [Fact]
    public void PeerDown_WithoutRetain_RoutesGo()
    {
        var e = NewEngine();
        e.Execute(GrUp());
        e.Execute(new UpdateReceived(1, Announce("10.1.0.0/16", Attrs("192.0.2.1", 65001))));
        e.Execute(new PeerDown(1));
        Assert.Null(e.GetBest(P1));
        Assert.False(e.IsRestarting(1));
    }

    [Fact]
    public void EndOfRib_AfterRestart_UnrefreshedRoutesSweptRefreshedKept()
    {
        var e = Restarting();
        e.Execute(GrUp());
        e.Execute(new UpdateReceived(1, Announce("10.1.0.0/16", Attrs("192.0.2.1", 65001))));
        Assert.False(e.Rib.Ipv4.IsStale(1, P1, 0));
        Assert.True(e.Rib.Ipv4.IsStale(1, P2, 0));
        Assert.Empty(DrainRoutes(e, 2));

        e.Execute(new UpdateReceived(1, UpdateMessage.EndOfRibFor(AfiSafi.Ipv4Unicast)));

        Assert.NotNull(e.GetBest(P1));
        Assert.Null(e.GetBest(P2));
        Assert.Equal(0, e.StalePathCount(1));
        Assert.Equal([P2], Withdrawn(DrainRoutes(e, 2)));
    }

    [Fact]
    public void EndOfRib_WithoutRestart_SweepLooksAtNoPathAndKeepsRoutes()
    {
        var e = NewEngine();
        e.Execute(GrUp());
        e.Execute(new UpdateReceived(1, Announce("10.1.0.0/16", Attrs("192.0.2.1", 65001))));
        e.Execute(new UpdateReceived(1, Announce("10.2.0.0/16", Attrs("192.0.2.1", 65001))));

        // Every session's End-of-RIB sweeps; with nothing marked it must not walk the peer's paths.
        e.Execute(new UpdateReceived(1, UpdateMessage.EndOfRibFor(AfiSafi.Ipv4Unicast)));
        e.Execute(new SweepStale(1));

        Assert.Equal(0, e.Rib.Ipv4.SweepVisits);
        Assert.NotNull(e.GetBest(P1));
        Assert.NotNull(e.GetBest(P2));
    }

    [Fact]
    public void EndOfRib_AfterRestartWithLastRouteUnrefreshed_SweepStopsAtIt()
    {
        var e = Restarting();
        e.Execute(GrUp());
        // 10.2/16 came last, so it heads the peer's list; 10.1/16, refreshed, is behind it.
        e.Execute(new UpdateReceived(1, Announce("10.1.0.0/16", Attrs("192.0.2.1", 65001))));

        e.Execute(new UpdateReceived(1, UpdateMessage.EndOfRibFor(AfiSafi.Ipv4Unicast)));

        Assert.Equal(1, e.Rib.Ipv4.SweepVisits);
        Assert.NotNull(e.GetBest(P1));
        Assert.Null(e.GetBest(P2));
    }

    [Fact]
    public void Reannounce_WithOtherAttributes_ReplacesStalePath()
    {
        var e = Restarting();
        e.Execute(GrUp());
        e.Execute(new UpdateReceived(1, Announce("10.1.0.0/16", Attrs("192.0.2.9", 65001))));
        Assert.False(e.Rib.Ipv4.IsStale(1, P1, 0));
        Assert.Equal("192.0.2.9", e.GetBest(P1)!.Attributes.NextHop!.ToString());
    }

    [Fact]
    public void SweepStale_WhilePeerStillDown_AllRoutesGoAndPeerForgotten()
    {
        var e = Restarting();
        e.Execute(new SweepStale(1));

        Assert.Null(e.GetBest(P1));
        Assert.Null(e.GetBest(P2));
        Assert.False(e.IsRestarting(1));
        var withdrawn = Withdrawn(DrainRoutes(e, 2));
        withdrawn.Sort();
        Assert.Equal([P1, P2], withdrawn);
        // The id is free for a fresh session.
        e.Execute(GrUp());
        Assert.True(e.IsPeerUp(1));
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    public void PeerUp_WithoutPreservedForwardingState_StaleRoutesSweptAtOnce(bool capability, bool forwardingPreserved)
    {
        var e = Restarting();
        e.Execute(GrUp(capability, forwardingPreserved));
        Assert.Null(e.GetBest(P1));
        Assert.Equal(0, e.StalePathCount(1));
    }

    [Fact]
    public void PeerUp_WithPreservedForwardingState_StaleRoutesStay()
    {
        var e = Restarting();
        e.Execute(GrUp());
        Assert.Equal(2, e.StalePathCount(1));
        Assert.False(e.IsRestarting(1));
        Assert.True(e.IsPeerUp(1));
    }

    [Fact]
    public void PeerDown_AgainWithoutRetainAfterComingBack_StaleRoutesGo()
    {
        var e = Restarting();
        e.Execute(GrUp());
        e.Execute(new PeerDown(1));
        Assert.Null(e.GetBest(P1));
        Assert.Equal(0, e.StalePathCount(1));
    }

    [Fact]
    public void StaleRoute_ExportedToNewPeer_WhileOwnerRestarting()
    {
        var e = Restarting();
        e.Execute(Up(3, 65003));
        var prefixes = new List<Prefix>();
        foreach (var u in DrainRoutes(e, 3))
            foreach (var n in u.Nlri) prefixes.Add(n.Prefix);
        prefixes.Sort();
        Assert.Equal([P1, P2], prefixes);
    }

    [Fact]
    public void Decision_RerunForStaleDestination_StaysStaleAndBest()
    {
        var e = Restarting();
        // Another peer's longer path makes the decision run again over the stale one.
        e.Execute(new UpdateReceived(2, Announce("10.1.0.0/16", Attrs("192.0.2.2", 65002, 65009))));
        Assert.True(e.Rib.Ipv4.IsStale(1, P1, 0));
        Assert.Equal(1, e.GetBest(P1)!.PeerId);
        // Swept, the other peer's path takes over.
        e.Execute(new SweepStale(1, AfiSafi.Ipv4Unicast));
        Assert.Equal(2, e.GetBest(P1)!.PeerId);
    }

    [Fact]
    public void PeerUp_RestartedWithHigherBgpIdentifier_StalePathLosesTieBreakAtOnce()
    {
        // Peer 1 (BGP Identifier 10.0.0.2) and peer 2 (10.0.0.3) tie down to (f): peer 1 is best.
        var e = Restarting();
        e.Execute(GrUp());
        e.Execute(new UpdateReceived(2, Announce("10.1.0.0/16", Attrs("192.0.2.2", 65002))));
        e.Execute(new PeerDown(1, RetainStale: true));
        Assert.Equal(1, e.GetBest(P1)!.PeerId);

        // Back with a higher identifier, its stale path loses (f) to peer 2 (RFC 4271 9.1.2.2 (f)): the decision
        // must see it now, not when some later update happens to run the full selection (the incremental
        // decision, LocRib.Incremental.cs, keeps a stored best that an update ruled out before MED cannot move).
        var up = GrUp();
        e.Execute(up with { Facts = up.Facts with { BgpId = Bgp.Protocol.RouterId.Parse("10.0.0.9") } });
        Assert.True(e.Rib.Ipv4.IsStale(1, P1, 0));
        Assert.Equal(2, e.GetBest(P1)!.PeerId);
        e.Execute(Up(3, 65003));
        e.Execute(new UpdateReceived(3, Announce("10.1.0.0/16", Attrs("192.0.2.3", 65003, 65009))));
        Assert.Equal(2, e.GetBest(P1)!.PeerId);
    }
}
