using Bgp.Protocol;
using Bgp.Rib.Engine;
using Bgp.Rib.Policy;
using static Bgp.Rib.Tests.Engine.EngineKit;

namespace Bgp.Rib.Tests.Engine;

public class SoftReconfigurationTests
{
    private static readonly Prefix P1 = Prefix.Parse("10.1.0.0/16");
    private static readonly Prefix P2 = Prefix.Parse("10.2.0.0/16");

    private static Filter Reject(string prefix) =>
        new($"no-{prefix}", [new PolicyTerm("t", [new PrefixMatch(PrefixRange.Parse(prefix))], [RouteAction.Reject])], PolicyVerdict.Accept);

    private static List<RibOutcome> Outcomes(RibEngine e)
    {
        var list = new List<RibOutcome>();
        e.TakeOutcomes(list);
        return list;
    }

    /// <summary>Peer 1 (soft reconfiguration per <paramref name="keep"/>) sends 10.1/16 and 10.2/16; peer 2 listens.</summary>
    private static RibEngine TwoPeers(bool keep, Filter? import1 = null, Filter? export2 = null)
    {
        var e = NewEngine();
        e.Execute(Up(1, 65001, AcceptAll with { ImportFilter = import1 ?? Filter.AcceptAll, SoftReconfigurationInbound = keep }));
        e.Execute(Up(2, 65002, AcceptAll with { ExportFilter = export2 ?? Filter.AcceptAll }));
        e.Execute(new UpdateReceived(1, Announce("10.1.0.0/16", Attrs("192.0.2.1", 65001))));
        e.Execute(new UpdateReceived(1, Announce("10.2.0.0/16", Attrs("192.0.2.1", 65001))));
        Drain(e, 1);
        Drain(e, 2);
        return e;
    }

    [Fact]
    public void ReplacePolicy_KeptRoutesAndLooserImport_RejectedRouteNowAcceptedWithoutRefresh()
    {
        var e = TwoPeers(keep: true, import1: Reject("10.1.0.0/16"));
        Assert.Null(e.GetBest(P1));
        Assert.Equal(2, e.PrePolicyCount(1));

        e.Execute(new ReplacePolicy(1, Filter.AcceptAll, Filter.AcceptAll));

        Assert.Equal(1, e.GetBest(P1)!.PeerId);
        Assert.Empty(Outcomes(e));
        // Only the difference goes out to the other peer.
        var u = Assert.Single(DrainRoutes(e, 2));
        Assert.Equal(P1, Assert.Single(u.Nlri).Prefix);
    }

    [Fact]
    public void ReplacePolicy_KeptRoutesAndStricterImport_RouteWithdrawnFromLocRibAndPeers()
    {
        var e = TwoPeers(keep: true);
        e.Execute(new ReplacePolicy(1, Reject("10.2.0.0/16"), Filter.AcceptAll));

        Assert.Null(e.GetBest(P2));
        Assert.NotNull(e.GetBest(P1));
        var u = Assert.Single(DrainRoutes(e, 2));
        Assert.Equal(P2, Assert.Single(u.Withdrawn).Prefix);
        Assert.Empty(u.Nlri);
    }

    [Fact]
    public void ReplacePolicy_NothingKept_AsksForRouteRefreshAndLeavesLocRib()
    {
        var e = TwoPeers(keep: false, import1: Reject("10.1.0.0/16"));
        Assert.Equal(0, e.PrePolicyCount(1));

        e.Execute(new ReplacePolicy(1, Filter.AcceptAll, Filter.AcceptAll));

        Assert.Equal(new RouteRefreshNeeded(1, AfiSafi.Ipv4Unicast), Assert.Single(Outcomes(e)));
        Assert.Null(e.GetBest(P1));
        // The refreshed route meets the new policy when it arrives.
        e.Execute(new UpdateReceived(1, Announce("10.1.0.0/16", Attrs("192.0.2.1", 65001))));
        Assert.NotNull(e.GetBest(P1));
    }

    [Fact]
    public void ReplacePolicy_StricterExport_OnlyWithdrawalOfNewlyRejectedPrefixSent()
    {
        var e = TwoPeers(keep: false);
        e.Execute(new ReplacePolicy(2, Filter.AcceptAll, Reject("10.1.0.0/16")));

        var u = Assert.Single(DrainRoutes(e, 2));
        Assert.Equal(P1, Assert.Single(u.Withdrawn).Prefix);
        Assert.Empty(u.Nlri);
        // Export only: no refresh asked of the peer whose export changed.
        Assert.Empty(Outcomes(e));
    }

    [Fact]
    public void ReplacePolicy_SameFilters_NothingSentNothingAsked()
    {
        var e = TwoPeers(keep: false);
        e.Execute(new ReplacePolicy(1, Filter.AcceptAll, Filter.AcceptAll));
        Assert.Empty(Outcomes(e));
        Assert.Empty(DrainRoutes(e, 2));
    }

    [Fact]
    public void SoftResetOut_NoChange_NothingSent()
    {
        var e = TwoPeers(keep: false);
        e.Execute(new SoftResetOut(2));
        Assert.False(e.HasPending(2));
    }

    [Fact]
    public void SoftResetIn_NothingKept_RouteRefreshNeeded()
    {
        var e = TwoPeers(keep: false);
        e.Execute(new SoftResetIn(1));
        Assert.Equal(new RouteRefreshNeeded(1, AfiSafi.Ipv4Unicast), Assert.Single(Outcomes(e)));
    }

    [Fact]
    public void Withdrawal_KeptRoute_ForgottenSoNotResurrectedByNewPolicy()
    {
        var e = TwoPeers(keep: true, import1: Reject("10.1.0.0/16"));
        e.Execute(new UpdateReceived(1, WithdrawOf("10.1.0.0/16")));
        Assert.Equal(1, e.PrePolicyCount(1));

        e.Execute(new ReplacePolicy(1, Filter.AcceptAll, Filter.AcceptAll));

        Assert.Null(e.GetBest(P1));
    }

    [Fact]
    public void PeerDown_KeptRoutes_ReleasedFromInterner()
    {
        var e = TwoPeers(keep: true, import1: Reject("10.1.0.0/16"));
        Assert.NotEqual(0, e.Rib.Interner.Count);
        e.Execute(new PeerDown(1));
        Assert.Equal(0, e.Rib.Interner.Count);
    }
}
