using System.Net;
using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Messages;
using Bgp.Rib.Engine;
using Bgp.Rib.Policy;
using static Bgp.Rib.Tests.Engine.EngineKit;

namespace Bgp.Rib.Tests.Engine;

public class RibEngineTests
{
    private static readonly Prefix P = Prefix.Parse("10.1.0.0/16");

    [Fact]
    public void EbgpRoute_FromA_GoesToBWithOurAsPrependedAndNextHopSelf()
    {
        var e = NewEngine();
        e.Execute(Up(1, 65001));
        e.Execute(Up(2, 65002));
        Drain(e, 1);
        Drain(e, 2);

        e.Execute(new UpdateReceived(1, Announce("10.1.0.0/16", Attrs("192.0.2.1", 65001))));

        var u = Assert.Single(DrainRoutes(e, 2));
        Assert.Equal(P, Assert.Single(u.Nlri).Prefix);
        Assert.Equal(AsPath.FromSequence(LocalAs, 65001), u.Attributes.AsPath);
        Assert.Equal(Self, u.Attributes.NextHop);
        // Never back to the peer it came from.
        Assert.Empty(DrainRoutes(e, 1));
        Assert.Equal(1, e.GetBest(P)!.PeerId);
    }

    [Fact]
    public void IbgpRoute_ToAnotherIbgpPeer_NotSentButGoesToEbgpPeer()
    {
        var e = NewEngine();
        e.Execute(Up(1, LocalAs));
        e.Execute(Up(2, LocalAs));
        e.Execute(Up(3, 65003));
        foreach (int id in new[] { 1, 2, 3 }) Drain(e, id);

        e.Execute(new UpdateReceived(1, Announce("10.1.0.0/16", Attrs("192.0.2.50", 65009) with { LocalPref = 200 })));

        // RFC 4271 9.2: split horizon between internal peers.
        Assert.Empty(DrainRoutes(e, 2));
        var u = Assert.Single(DrainRoutes(e, 3));
        Assert.Equal(AsPath.FromSequence(LocalAs, 65009), u.Attributes.AsPath);
        Assert.Null(u.Attributes.LocalPref);
        Assert.Equal(200u, e.GetBest(P)!.Attributes.LocalPref);
    }

    [Fact]
    public void EbgpRoute_WithLocalPref_LocalPrefIgnored()
    {
        var e = NewEngine();
        e.Execute(Up(1, 65001));
        e.Execute(new UpdateReceived(1, Announce("10.1.0.0/16", Attrs("192.0.2.1", 65001) with { LocalPref = 500 })));
        Assert.Null(e.GetBest(P)!.Attributes.LocalPref);
    }

    [Fact]
    public void Originate_ThenStopOriginating_AnnouncedToAllEstablishedPeersThenWithdrawn()
    {
        var e = NewEngine();
        e.Execute(Up(1, 65001));
        e.Execute(Up(2, LocalAs));
        Drain(e, 1);
        Drain(e, 2);
        var pod = Prefix.Parse("10.244.1.0/26");

        e.Execute(new Originate(pod));
        var toEbgp = Assert.Single(DrainRoutes(e, 1));
        Assert.Equal(pod, Assert.Single(toEbgp.Nlri).Prefix);
        Assert.Equal(AsPath.FromSequence(LocalAs), toEbgp.Attributes.AsPath);
        Assert.Equal(Self, toEbgp.Attributes.NextHop);
        var toIbgp = Assert.Single(DrainRoutes(e, 2));
        Assert.Equal(AsPath.Empty, toIbgp.Attributes.AsPath);
        Assert.Equal(100u, toIbgp.Attributes.LocalPref);
        Assert.True(e.GetBest(pod)!.IsLocal);

        e.Execute(new StopOriginating(pod));
        foreach (int id in new[] { 1, 2 })
        {
            var w = Assert.Single(DrainRoutes(e, id));
            Assert.Equal(pod, Assert.Single(w.Withdrawn).Prefix);
            Assert.Empty(w.Nlri);
        }
        Assert.Null(e.GetBest(pod));
    }

    [Fact]
    public void TreatAsWithdrawUpdate_ForKnownRoute_RemovesItAndWithdrawsFromOthers()
    {
        var e = NewEngine();
        e.Execute(Up(1, 65001));
        e.Execute(Up(2, 65002));
        e.Execute(new UpdateReceived(1, Announce("10.1.0.0/16", Attrs("192.0.2.1", 65001))));
        Drain(e, 2);

        var broken = new UpdateMessage
        {
            Attributes = Attrs("192.0.2.1", 65001),
            Nlri = [new Nlri(P)],
            Errors = [BgpError.Update(UpdateMessageErrorSubcode.MalformedAttributeList, ErrorAction.TreatAsWithdraw, [], "test")],
        };
        e.Execute(new UpdateReceived(1, broken));

        Assert.Null(e.GetBest(P));
        Assert.Empty(e.SnapshotAdjRibIn(1));
        var w = Assert.Single(DrainRoutes(e, 2));
        Assert.Equal(P, Assert.Single(w.Withdrawn).Prefix);
    }

    [Fact]
    public void PeerDown_WithRoutes_WithdrawnFromOthers()
    {
        var e = NewEngine();
        e.Execute(Up(1, 65001));
        e.Execute(Up(2, 65002));
        e.Execute(new UpdateReceived(1, Announce("10.1.0.0/16", Attrs("192.0.2.1", 65001))));
        e.Execute(new UpdateReceived(1, Announce("10.2.0.0/16", Attrs("192.0.2.1", 65001))));
        Assert.Equal(2, DrainRoutes(e, 2).Sum(u => u.Nlri.Length));

        e.Execute(new PeerDown(1));

        Assert.False(e.IsPeerUp(1));
        Assert.Empty(e.SnapshotLocRib());
        var withdrawn = DrainRoutes(e, 2).SelectMany(u => u.Withdrawn).Select(n => n.Prefix).Order().ToArray();
        Assert.Equal([P, Prefix.Parse("10.2.0.0/16")], withdrawn);
    }

    [Fact]
    public void PeerDown_WithBackupPath_OthersGetTheNextBest()
    {
        var e = NewEngine();
        e.Execute(Up(1, 65001));
        e.Execute(Up(2, 65002));
        e.Execute(Up(3, 65003));
        e.Execute(new UpdateReceived(1, Announce("10.1.0.0/16", Attrs("192.0.2.1", 65001))));
        e.Execute(new UpdateReceived(2, Announce("10.1.0.0/16", Attrs("192.0.2.2", 65002, 65010))));
        Drain(e, 3);

        e.Execute(new PeerDown(1));

        var u = Assert.Single(DrainRoutes(e, 3));
        Assert.Equal(AsPath.FromSequence(LocalAs, 65002, 65010), u.Attributes.AsPath);
        Assert.Equal(2, e.GetBest(P)!.PeerId);
    }

    [Fact]
    public void PeerUp_WithExistingTable_DumpsTableThenEndOfRib()
    {
        var e = NewEngine();
        e.Execute(Up(1, 65001));
        e.Execute(new UpdateReceived(1, Announce("10.1.0.0/16", Attrs("192.0.2.1", 65001))));
        e.Execute(new Originate(Prefix.Parse("10.244.0.0/26")));

        e.Execute(Up(2, 65002));

        var all = Drain(e, 2);
        Assert.Equal(AfiSafi.Ipv4Unicast, all[^1].EndOfRib);
        var routes = all[..^1];
        Assert.All(routes, u => Assert.Null(u.EndOfRib));
        Assert.Equal(2, routes.Sum(u => u.Nlri.Length));
    }

    [Fact]
    public void PeerUp_EmptyTable_OnlyEndOfRib()
    {
        var e = NewEngine();
        e.Execute(Up(1, 65001));
        var only = Assert.Single(Drain(e, 1));
        Assert.Equal(AfiSafi.Ipv4Unicast, only.EndOfRib);
    }

    [Fact]
    public void EbgpPeer_WithoutFilters_Rfc8212RejectsImportAndExport()
    {
        var e = NewEngine();
        e.Execute(Up(1, 65001, PeerRibOptions.Default));
        e.Execute(Up(2, 65002, PeerRibOptions.Default));
        e.Execute(new Originate(Prefix.Parse("10.244.0.0/26")));
        e.Execute(new UpdateReceived(1, Announce("10.1.0.0/16", Attrs("192.0.2.1", 65001))));

        Assert.Null(e.GetBest(P));
        Assert.Empty(DrainRoutes(e, 2));
    }

    [Fact]
    public void ReceivedRoute_WithOurAs_DroppedAsLoop()
    {
        var e = NewEngine();
        e.Execute(Up(1, 65001));
        e.Execute(new UpdateReceived(1, Announce("10.1.0.0/16", Attrs("192.0.2.1", 65001, LocalAs, 65005))));
        Assert.Null(e.GetBest(P));
    }

    [Fact]
    public void TwoOctetPeer_As4Path_MergedBeforeLoopCheckAndDecision()
    {
        var e = NewEngine();
        e.Execute(Up(1, 65001, fourOctet: false));
        var attrs = Attrs("192.0.2.1", 65001, BgpConstants.AsTrans) with { As4Path = AsPath.FromSequence(4200000001) };
        e.Execute(new UpdateReceived(1, Announce("10.1.0.0/16", attrs)));
        var best = e.GetBest(P)!;
        Assert.Equal(AsPath.FromSequence(65001, 4200000001), best.Attributes.AsPath);
        Assert.Null(best.Attributes.As4Path);
    }

    [Fact]
    public void ExportFilter_RejectingPrefix_PeerGetsWithdrawalOnlyForWhatItHad()
    {
        var e = NewEngine();
        var reject = new Filter("no-10-1", [new PolicyTerm("t", [new PrefixMatch(PrefixRange.Parse("10.1.0.0/16"))], [RouteAction.Reject])],
            PolicyVerdict.Accept);
        e.Execute(Up(1, 65001));
        e.Execute(Up(2, 65002, AcceptAll with { ExportFilter = reject }));
        Drain(e, 2);
        e.Execute(new UpdateReceived(1, Announce("10.1.0.0/16", Attrs("192.0.2.1", 65001))));
        e.Execute(new UpdateReceived(1, Announce("10.2.0.0/16", Attrs("192.0.2.1", 65001))));

        var u = Assert.Single(DrainRoutes(e, 2));
        Assert.Equal(Prefix.Parse("10.2.0.0/16"), Assert.Single(u.Nlri).Prefix);
    }

    [Fact]
    public void RouteRefresh_FromPeer_ResendsItsRoutes()
    {
        var e = NewEngine();
        e.Execute(Up(1, 65001));
        e.Execute(new Originate(P));
        Drain(e, 1);

        e.Execute(new RouteRefreshRequested(1, AfiSafi.Ipv4Unicast));

        Assert.Equal(P, Assert.Single(Assert.Single(DrainRoutes(e, 1)).Nlri).Prefix);
    }

    [Fact]
    public void Withdrawal_FromPeer_RemovesRouteFromAdjRibInAndLocRib()
    {
        var e = NewEngine();
        e.Execute(Up(1, 65001));
        e.Execute(new UpdateReceived(1, Announce("10.1.0.0/16", Attrs("192.0.2.1", 65001))));
        Assert.Single(e.SnapshotAdjRibIn(1));
        Assert.Equal(DecisionStep.None, e.Explain(P)!.Best!.Value.LostAt);

        e.Execute(new UpdateReceived(1, WithdrawOf("10.1.0.0/16")));

        Assert.Empty(e.SnapshotAdjRibIn(1));
        Assert.Null(e.GetBest(P));
    }

    [Fact]
    public void CollectPeersWithPending_AfterChange_ListsOnlyPeersWithOutput()
    {
        var e = NewEngine();
        e.Execute(Up(1, 65001));
        e.Execute(Up(2, 65002));
        Drain(e, 1);
        Drain(e, 2);
        e.Execute(new UpdateReceived(1, Announce("10.1.0.0/16", Attrs("192.0.2.1", 65001))));
        var ids = new List<int>();
        e.CollectPeersWithPending(ids);
        Assert.Equal([2], ids);
    }
}
