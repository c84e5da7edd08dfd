using Bgp.Protocol;
using Bgp.Protocol.Capabilities;
using Bgp.Protocol.Messages;
using Bgp.Rib.Engine;
using Bgp.Rib.Policy;
using static Bgp.Rib.Tests.Engine.EngineKit;

namespace Bgp.Rib.Tests.Engine;

/// <summary>RFC 4724 4.1: after our own restart nothing is exported until End-of-RIB from every awaited peer or the timer.</summary>
public class SelectionDeferralTests
{
    private static readonly Prefix P1 = Prefix.Parse("10.1.0.0/16");
    private static readonly Prefix P2 = Prefix.Parse("10.2.0.0/16");
    private static readonly Prefix Ours = Prefix.Parse("10.9.0.0/16");
    private static readonly UpdateMessage EndOfRib = UpdateMessage.EndOfRibFor(AfiSafi.Ipv4Unicast);

    /// <summary>Peer <paramref name="id"/> with the GR capability (R bit per <paramref name="restarting"/>), or without one.</summary>
    private static PeerUp GrUp(int id, bool capability = true, bool restarting = false)
    {
        var up = Up(id, (uint)(65000 + id));
        var gr = new GracefulRestartCapability(restarting, false, 120, [new GracefulRestartFamily(AfiSafi.Ipv4Unicast, true)]);
        return up with { Facts = up.Facts with { GracefulRestart = capability ? gr : null } };
    }

    /// <summary>An engine deferring for peers 1 and 2, both up and each having sent one route; we originate one.</summary>
    private static RibEngine DeferringWithRoutes()
    {
        var e = NewEngine();
        e.BeginDeferral([1, 2]);
        e.Execute(new Originate(Ours));
        e.Execute(GrUp(1));
        e.Execute(GrUp(2));
        e.Execute(new UpdateReceived(1, Announce("10.1.0.0/16", Attrs("192.0.2.1", 65001))));
        e.Execute(new UpdateReceived(2, Announce("10.2.0.0/16", Attrs("192.0.2.2", 65002))));
        return e;
    }

    private static HashSet<Prefix> Announced(List<UpdateMessage> updates)
    {
        var set = new HashSet<Prefix>();
        foreach (var u in updates)
            foreach (var n in u.Nlri) set.Add(n.Prefix);
        return set;
    }

    private static List<UpdateMessage> Written(RibEngine e, int peerId)
    {
        Assert.True(e.TryGetPeerFacts(peerId, out var facts));
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        Assert.False(e.WritePending(peerId, output, 1 << 20, facts.CodecOptions));
        return Bgp.Rib.Tests.Export.ExportKit.DecodeAll(output.WrittenSpan, facts.CodecOptions);
    }

    [Fact]
    public void Deferring_RoutesLearnedAndOriginated_NothingWrittenToAnyPeer()
    {
        var e = DeferringWithRoutes();

        Assert.True(e.Deferring);
        // The decision runs (the Loc-RIB is complete), but its result reaches no peer yet.
        Assert.NotNull(e.GetBest(P1));
        Assert.NotNull(e.GetBest(P2));
        Assert.Empty(Written(e, 1));
        Assert.Empty(Written(e, 2));
        var pending = new List<int>();
        Assert.Equal(0, e.CollectPeersWithPending(pending));
    }

    [Fact]
    public void EndOfRib_FromEveryAwaitedPeer_TableThenEndOfRibToEachPeer()
    {
        var e = DeferringWithRoutes();
        e.Execute(new UpdateReceived(1, EndOfRib));
        Assert.True(e.Deferring);
        Assert.Empty(Written(e, 1));

        e.Execute(new UpdateReceived(2, EndOfRib));

        Assert.False(e.Deferring);
        var outcomes = new List<RibOutcome>();
        e.TakeOutcomes(outcomes);
        Assert.Contains(new DeferralEnded(false, 0), outcomes);
        var to1 = Written(e, 1);
        // Peer 1 gets peer 2's route and ours, chosen with everything known.
        Assert.Contains(P2, Announced(to1));
        Assert.Contains(Ours, Announced(to1));
        // End-of-RIB comes last, after the table.
        Assert.Equal(AfiSafi.Ipv4Unicast, to1[^1].EndOfRib);
        Assert.Single(to1, u => u.EndOfRib is not null);
        var to2 = Written(e, 2);
        Assert.Contains(P1, Announced(to2));
        Assert.Equal(AfiSafi.Ipv4Unicast, to2[^1].EndOfRib);
    }

    [Fact]
    public void EndDeferral_TimerWithPeerMissing_TableAndEndOfRibGoOut()
    {
        var e = NewEngine();
        e.BeginDeferral([1, 2]);
        e.Execute(GrUp(1));
        e.Execute(new UpdateReceived(1, Announce("10.1.0.0/16", Attrs("192.0.2.1", 65001))));
        e.Execute(new UpdateReceived(1, EndOfRib));
        Assert.True(e.Deferring);
        Assert.Equal(1, e.DeferralWaitingCount);

        e.Execute(new EndDeferral());

        Assert.False(e.Deferring);
        var outcomes = new List<RibOutcome>();
        e.TakeOutcomes(outcomes);
        Assert.Contains(new DeferralEnded(true, 1), outcomes);
        var to1 = Written(e, 1);
        Assert.Equal(AfiSafi.Ipv4Unicast, to1[^1].EndOfRib);
        // Peer 2 coming up later is an ordinary peer: the table at once.
        e.Execute(GrUp(2));
        var to2 = Written(e, 2);
        Assert.Contains(P1, Announced(to2));
        Assert.Equal(AfiSafi.Ipv4Unicast, to2[^1].EndOfRib);
    }

    [Fact]
    public void PeerUp_WithoutCapabilityOrWithRestartBit_NotAwaited()
    {
        var e = NewEngine();
        e.BeginDeferral([1, 2, 3]);
        e.Execute(GrUp(1, capability: false));
        e.Execute(GrUp(2, restarting: true));
        Assert.True(e.Deferring);
        Assert.Equal(1, e.DeferralWaitingCount);

        e.Execute(GrUp(3));
        e.Execute(new UpdateReceived(3, EndOfRib));

        Assert.False(e.Deferring);
        Assert.Equal(AfiSafi.Ipv4Unicast, Written(e, 1)[^1].EndOfRib);
        Assert.Equal(AfiSafi.Ipv4Unicast, Written(e, 2)[^1].EndOfRib);
    }

    /// <summary>
    /// A soft reset out (an export filter reloaded, or asked from the API) while deferring, then the route withdrawn:
    /// the end of the deferral must not announce it. Re-exported then, it stayed pending as it was, since nothing
    /// exports the withdrawal while deferring and the end of the deferral walks only the best paths left.
    /// </summary>
    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void SoftResetOut_WhileDeferringThenRouteWithdrawn_NotAnnouncedWhenTheDeferralEnds(bool updateGroups, bool reload)
    {
        var e = new RibEngine(new RibEngineSettings(LocalAs, EngineKit.RouterId) { UpdateGroups = updateGroups });
        DeferAndAnnounceTwo(e);
        if (reload) e.Execute(new ReplacePolicy(2, Filter.AcceptAll, new Filter("other", [], PolicyVerdict.Accept)));
        else e.Execute(new SoftResetOut(2));
        WithdrawFirstAndEndDeferral(e);
    }

    /// <summary>
    /// An ADD-PATH send peer up for a while during the deferral: the changes of that while must not reach the others'
    /// output either (while it was up they were exported the ADD-PATH way, with no check of the deferral; once it was
    /// down, a withdrawal was not, and the announcement before it was sent when the deferral ended).
    /// </summary>
    [Fact]
    public void AddPathPeerUpForAWhile_WhileDeferringThenRouteWithdrawn_NotAnnouncedWhenTheDeferralEnds()
    {
        var e = NewEngine();
        var addPath = Up(3, LocalAs, AcceptAll with { AddPathSend = AddPathSendMode.All });
        DeferAndAnnounceTwo(e, addPath with { Facts = addPath.Facts with { CodecOptions = addPath.Facts.CodecOptions with { AddPathSend = [AfiSafi.Ipv4Unicast] } } });
        e.Execute(new PeerDown(3));
        WithdrawFirstAndEndDeferral(e);
    }

    /// <summary>Peers 1 and 2 (graceful restart) awaited, <paramref name="alsoUp"/> up too if given, and 10.1/16 and 10.2/16 from peer 1.</summary>
    private static void DeferAndAnnounceTwo(RibEngine e, PeerUp? alsoUp = null)
    {
        e.BeginDeferral([1, 2]);
        e.Execute(GrUp(1));
        e.Execute(GrUp(2));
        if (alsoUp is not null) e.Execute(alsoUp);
        e.Execute(new UpdateReceived(1, Announce("10.1.0.0/16", Attrs("192.0.2.1", 65001))));
        e.Execute(new UpdateReceived(1, Announce("10.2.0.0/16", Attrs("192.0.2.1", 65001))));
    }

    /// <summary>10.1/16 withdrawn before the deferral ends: peer 2 is then sent 10.2/16 and not 10.1/16.</summary>
    private static void WithdrawFirstAndEndDeferral(RibEngine e)
    {
        e.Execute(new UpdateReceived(1, WithdrawOf("10.1.0.0/16")));
        e.Execute(new EndDeferral());
        var to2 = Announced(Written(e, 2));
        Assert.DoesNotContain(P1, to2);
        Assert.Contains(P2, to2);
    }

    [Fact]
    public void BeginDeferral_NoPeers_NotDeferring()
    {
        var e = NewEngine();
        e.BeginDeferral([]);
        Assert.False(e.Deferring);
        e.Execute(Up(1, 65001));
        Assert.Equal(AfiSafi.Ipv4Unicast, Written(e, 1)[^1].EndOfRib);
    }

    [Fact]
    public void EndDeferral_NotDeferring_Ignored()
    {
        var e = NewEngine();
        e.Execute(Up(1, 65001));
        Drain(e, 1);
        e.Execute(new EndDeferral());
        Assert.Empty(Drain(e, 1));
        var outcomes = new List<RibOutcome>();
        Assert.Equal(0, e.TakeOutcomes(outcomes));
    }
}
