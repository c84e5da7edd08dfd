using System.Net;
using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Rib.Engine;
using static Bgp.Rib.Tests.Engine.EngineKit;

namespace Bgp.Rib.Tests.Engine;

/// <summary>
/// The engine tells its next-hop observers which next hops the RIB depends on (the ones the kernel sync
/// resolves), and forgets a hop's state when it goes out of use.
/// </summary>
public sealed class NextHopObserverTests
{
    private static readonly Prefix P = Prefix.Parse("10.1.0.0/16");
    private static readonly Prefix Q = Prefix.Parse("10.2.0.0/16");
    private static readonly IPAddress Hop1 = IPAddress.Parse("192.0.2.1");
    private static readonly IPAddress Hop2 = IPAddress.Parse("192.0.2.2");

    private sealed class Recorder : INextHopObserver
    {
        public List<string> Events { get; } = [];

        public void OnNextHopUsed(RibEngine engine, IPAddress nextHop) => Events.Add($"used {nextHop}");

        public void OnNextHopUnused(RibEngine engine, IPAddress nextHop) => Events.Add($"unused {nextHop}");
    }

    private static (RibEngine Engine, Recorder Recorder) Setup()
    {
        var e = NewEngine();
        var r = new Recorder();
        e.AddNextHopObserver(r);
        e.Execute(Up(1, 65001));
        e.Execute(Up(2, 65002));
        return (e, r);
    }

    [Fact]
    public void NextHopObserver_FirstRouteThroughHop_ToldOnceAsUsed()
    {
        var (e, r) = Setup();
        e.Execute(new UpdateReceived(1, Announce("10.1.0.0/16", Attrs("192.0.2.1", 65001))));
        // A second prefix with the same set, and one with another set through the same hop: no new notice.
        e.Execute(new UpdateReceived(1, Announce("10.2.0.0/16", Attrs("192.0.2.1", 65001))));
        e.Execute(new UpdateReceived(1, Announce("10.3.0.0/16", Attrs("192.0.2.1", 65001, 65010))));
        Assert.Equal(["used 192.0.2.1"], r.Events);
        Assert.True(e.IsNextHopInUse(Hop1));
        Assert.False(e.IsNextHopInUse(Hop2));
    }

    [Fact]
    public void NextHopObserver_LastRouteThroughHopWithdrawn_ToldUnusedOnlyThen()
    {
        var (e, r) = Setup();
        e.Execute(new UpdateReceived(1, Announce("10.1.0.0/16", Attrs("192.0.2.1", 65001))));
        e.Execute(new UpdateReceived(1, Announce("10.2.0.0/16", Attrs("192.0.2.1", 65001, 65010))));
        e.Execute(new UpdateReceived(1, WithdrawOf("10.1.0.0/16")));
        Assert.Equal(["used 192.0.2.1"], r.Events);

        e.Execute(new UpdateReceived(1, WithdrawOf("10.2.0.0/16")));
        Assert.Equal(["used 192.0.2.1", "unused 192.0.2.1"], r.Events);
        Assert.False(e.IsNextHopInUse(Hop1));
    }

    [Fact]
    public void NextHopObserver_TwoPeersSetsShareHop_UnusedOnlyAfterBothGo()
    {
        var (e, r) = Setup();
        e.Execute(new UpdateReceived(1, Announce("10.1.0.0/16", Attrs("192.0.2.1", 65001))));
        e.Execute(new UpdateReceived(2, Announce("10.1.0.0/16", Attrs("192.0.2.1", 65002))));
        e.Execute(new PeerDown(1));
        Assert.Equal(["used 192.0.2.1"], r.Events);
        e.Execute(new PeerDown(2));
        Assert.Equal(["used 192.0.2.1", "unused 192.0.2.1"], r.Events);
    }

    [Fact]
    public void NextHopObserver_RouteMovesToOtherHop_NewUsedBeforeOldUnused()
    {
        var (e, r) = Setup();
        e.Execute(new UpdateReceived(1, Announce("10.1.0.0/16", Attrs("192.0.2.1", 65001))));
        e.Execute(new UpdateReceived(1, Announce("10.1.0.0/16", Attrs("192.0.2.2", 65001))));
        Assert.Equal(["used 192.0.2.1", "used 192.0.2.2", "unused 192.0.2.1"], r.Events);
    }

    [Fact]
    public void NextHopObserver_OriginatedRoute_NotReported()
    {
        var (e, r) = Setup();
        e.Execute(new Originate(P));
        Assert.Empty(r.Events);
    }

    [Fact]
    public void NextHopChanged_HopNotInUse_Ignored()
    {
        var (e, _) = Setup();
        e.Execute(new NextHopChanged(Hop1, NextHopState.Unreachable));
        // The route that brings the hop into use is decided with the default (connected), not the stale state.
        e.Execute(new UpdateReceived(1, Announce("10.1.0.0/16", Attrs("192.0.2.1", 65001))));
        Assert.Equal(1, e.GetBest(P)!.PeerId);
        Assert.Equal(NextHopState.Connected, e.Rib.NextHops.Resolve(Hop1));
    }

    [Fact]
    public void NextHopChanged_AfterHopReleased_StaleStateIgnoredAndHopStartsFromDefault()
    {
        var (e, _) = Setup();
        e.Execute(new UpdateReceived(1, Announce("10.1.0.0/16", Attrs("192.0.2.1", 65001))));
        e.Execute(new NextHopChanged(Hop1, NextHopState.Unreachable));
        Assert.Null(e.GetBest(P));

        e.Execute(new UpdateReceived(1, WithdrawOf("10.1.0.0/16")));
        // The resolver's answer was on its way when the hop went out of use.
        e.Execute(new NextHopChanged(Hop1, new NextHopState(true, 30)));
        e.Execute(new UpdateReceived(1, Announce("10.2.0.0/16", Attrs("192.0.2.1", 65001))));

        Assert.Equal(NextHopState.Connected, e.Rib.NextHops.Resolve(Hop1));
        Assert.Equal(1, e.GetBest(Q)!.PeerId);
    }

    [Fact]
    public void NextHopChanged_UnreachableBest_ExplainShowsItExcludedForNextHop()
    {
        var (e, _) = Setup();
        e.Execute(new UpdateReceived(1, Announce("10.1.0.0/16", Attrs("192.0.2.1", 65001))));
        e.Execute(new UpdateReceived(2, Announce("10.1.0.0/16", Attrs("192.0.2.2", 65002, 65020))));
        e.Execute(new NextHopChanged(Hop1, NextHopState.Unreachable));

        Assert.Equal(2, e.GetBest(P)!.PeerId);
        var explained = e.Explain(P)!;
        Assert.Contains(explained.Paths, p => p.Path.PeerId == 1 && p.LostAt == DecisionStep.NextHopUnreachable);
    }
}
