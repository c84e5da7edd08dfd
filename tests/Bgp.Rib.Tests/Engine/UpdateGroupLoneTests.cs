using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Capabilities;
using Bgp.Rib.Engine;
using Bgp.Rib.Policy;
using static Bgp.Rib.Tests.Engine.EngineKit;

namespace Bgp.Rib.Tests.Engine;

/// <summary>
/// A peer alone in its update group is exported to with the rules that name it (not back to the source, RFC 4456 8
/// ORIGINATOR_ID), as without groups; a group of several is not (FRR's subgroups): merges, leaves and splits that
/// move a group between the two (RibEngine.Groups.cs).
/// </summary>
public sealed class UpdateGroupLoneTests
{
    private static readonly Func<int, bool> NoneBusy = _ => false;
    private static readonly PeerRibOptions Client = UpdateGroupTests.Client;

    private static void Announce(RibEngine e, int from, string prefix, uint firstAs = 65100) =>
        e.Execute(new UpdateReceived(from, EngineKit.Announce(prefix, Attrs($"192.0.2.{from}", firstAs))));

    private static List<Prefix> Prefixes(Dictionary<Prefix, PathAttributes> table) =>
        [.. table.Keys.OrderBy(p => p.ToString(), StringComparer.Ordinal)];

    private static List<Prefix> P(params string[] prefixes) => [.. prefixes.Select(Prefix.Parse)];

    [Fact]
    public void MergeGroups_TwoLoneEbgpPeersWithOwnRoutes_EachKeepsTheOthersRoutesAndTheGroupHasAll()
    {
        var e = UpdateGroupTests.NewGroupedEngine();
        // Two sessions to one neighbouring AS: one key. Receivers 1 to 4 of the output are peers 1 to 4.
        var output = new GroupOutput(e, source: 99, firstReceiver: 1);
        e.Execute(Up(1, 65001));
        e.Execute(Up(2, 65001));
        Announce(e, 1, "10.1.0.0/16", 65001);
        Announce(e, 2, "10.2.0.0/16", 65001);
        output.DrainRound(refuseOneIn: 0);
        // Alone, each is sent only the other's route, as without groups.
        Assert.Equal(P("10.2.0.0/16"), Prefixes(output.Table(0)));
        Assert.Equal(P("10.1.0.0/16"), Prefixes(output.Table(1)));

        Assert.Equal(1, e.MergeGroups(NoneBusy));

        // The group has sent both routes (FRR): the survivor's own route is the one the joining member has; each
        // member lacks only its own, which it would drop (RFC 4271 9.1.2). Nothing to send, nothing lost.
        Assert.Equal(2, e.GroupSize(1));
        Assert.Equal(2, e.AdjRibOut(1)!.SentCount);
        var pending = new List<int>();
        Assert.Equal(0, e.CollectPeersWithPending(pending));
        Assert.Equal(P("10.2.0.0/16"), Prefixes(output.Table(0)));
        Assert.Equal(P("10.1.0.0/16"), Prefixes(output.Table(1)));
        // Later changes of either's route go to both; a withdrawal reaches the member that has the route.
        e.Execute(new UpdateReceived(1, WithdrawOf("10.1.0.0/16")));
        output.DrainRound(refuseOneIn: 0);
        Assert.Empty(output.Table(1));
        Announce(e, 1, "10.1.0.0/16", 65001);
        e.Execute(new UpdateReceived(2, EngineKit.Announce("10.2.0.0/16", Attrs("192.0.2.2", 65001, 65002))));
        output.DrainRound(refuseOneIn: 0);
        Assert.Equal(P("10.1.0.0/16", "10.2.0.0/16"), Prefixes(output.Table(0)));
        Assert.Equal(P("10.1.0.0/16", "10.2.0.0/16"), Prefixes(output.Table(1)));
    }

    [Fact]
    public void LonePeer_ItsOwnRoutesAndItsOriginatorId_NeverSentToItAsWithoutGroups()
    {
        var tables = new List<Prefix>[2][];
        foreach (bool groups in new[] { false, true })
        {
            var e = UpdateGroupTests.NewGroupedEngine(groups);
            e.Execute(Up(1, 65001));
            e.Execute(Up(2, LocalAs, Client));
            e.Execute(Up(3, LocalAs, Client));
            Announce(e, 1, "10.1.0.0/16", 65001);
            // Client 2 reflects a route client 3 originated (RFC 4456 8: ORIGINATOR_ID is 3's BGP Identifier).
            e.Execute(new UpdateReceived(2, EngineKit.Announce("10.2.0.0/16",
                Attrs("192.0.2.2", 65100) with { OriginatorId = Bgp.Protocol.RouterId.Parse("10.0.0.4") })));
            Announce(e, 3, "10.3.0.0/16");
            // No merge: each is alone in its group (1's key differs; 2 and 3 are not merged yet).
            tables[groups ? 1 : 0] = [.. new[] { 1, 2, 3 }.Select(id => DrainRoutes(e, id).SelectMany(u => u.Nlri).Select(n => n.Prefix)
                .OrderBy(p => p.ToString(), StringComparer.Ordinal).ToList())];
            if (groups) Assert.Equal(1, e.GroupSize(3));
        }

        Assert.Equal(P("10.2.0.0/16", "10.3.0.0/16"), tables[1][0]);
        Assert.Equal(P("10.1.0.0/16", "10.3.0.0/16"), tables[1][1]);
        Assert.Equal(P("10.1.0.0/16"), tables[1][2]);
        for (int i = 0; i < 3; i++) Assert.Equal(tables[0][i], tables[1][i]);
    }

    [Fact]
    public void PeerDown_LeavesOneMember_ItsEchoesAreWithdrawnAndItGetsNoMore()
    {
        var e = UpdateGroupTests.NewGroupedEngine();
        e.Execute(Up(2, LocalAs, Client));
        e.Execute(Up(3, LocalAs, Client));
        Drain(e, 2);
        Drain(e, 3);
        Assert.Equal(1, e.MergeGroups(NoneBusy));
        Announce(e, 2, "10.2.0.0/16");
        // In a group of two, 2 is sent its own route (FRR).
        Assert.Equal(P("10.2.0.0/16"), DrainRoutes(e, 2).SelectMany(u => u.Nlri).Select(n => n.Prefix).ToList());

        e.Execute(new PeerDown(3));

        Assert.Equal(1, e.GroupSize(2));
        var w = Assert.Single(DrainRoutes(e, 2));
        Assert.Equal(Prefix.Parse("10.2.0.0/16"), Assert.Single(w.Withdrawn).Prefix);
        Assert.Equal(0, e.AdjRibOut(2)!.SentCount);
        Announce(e, 2, "10.2.0.0/16", 65101);
        Assert.Empty(DrainRoutes(e, 2));
    }

    [Fact]
    public void ReplacePolicy_SplitsAGroupOfTwo_EachLoneWithoutItsEchoesThenMergesBackWithNothingLost()
    {
        var e = UpdateGroupTests.NewGroupedEngine();
        var output = new GroupOutput(e, source: 99, firstReceiver: 1);
        e.Execute(Up(2, LocalAs, Client));
        e.Execute(Up(3, LocalAs, Client));
        output.DrainRound(refuseOneIn: 0);
        Assert.Equal(1, e.MergeGroups(NoneBusy));
        Announce(e, 2, "10.2.0.0/16");
        Announce(e, 3, "10.3.0.0/16");
        output.DrainRound(refuseOneIn: 0);
        Assert.Equal(P("10.2.0.0/16", "10.3.0.0/16"), Prefixes(output.Table(1)));
        Assert.Equal(P("10.2.0.0/16", "10.3.0.0/16"), Prefixes(output.Table(2)));

        e.Execute(new ReplacePolicy(3, Client.ImportFilter, new Filter("also-all", [], PolicyVerdict.Accept)));
        output.DrainRound(refuseOneIn: 0);

        // Both alone now: each has lost only its own route, as without groups.
        Assert.Equal(1, e.GroupSize(2));
        Assert.Equal(1, e.GroupSize(3));
        Assert.Equal(P("10.3.0.0/16"), Prefixes(output.Table(1)));
        Assert.Equal(P("10.2.0.0/16"), Prefixes(output.Table(2)));

        // Back to the group's filter: two lone groups, each with a route of its own, merge (VerifyMerges checks
        // that their sent states differ by exactly those).
        e.Execute(new ReplacePolicy(3, Client.ImportFilter, Client.ExportFilter));
        output.DrainRound(refuseOneIn: 0);
        Assert.Equal(1, e.MergeGroups(NoneBusy));
        output.DrainRound(refuseOneIn: 0);
        Assert.Equal(2, e.GroupSize(3));
        Assert.Equal(2, e.AdjRibOut(3)!.SentCount);
        Assert.Contains(Prefix.Parse("10.3.0.0/16"), output.Table(1).Keys);
        Assert.Contains(Prefix.Parse("10.2.0.0/16"), output.Table(2).Keys);
    }

    [Fact]
    public void MergeGroups_TwoLoneClientsBothWithoutAReflectedRoute_TheGroupSendsItAndLaterWithdrawsItFromAll()
    {
        var e = UpdateGroupTests.NewGroupedEngine();
        var output = new GroupOutput(e, source: 99, firstReceiver: 1);
        e.Execute(Up(2, LocalAs, Client));
        e.Execute(Up(3, LocalAs, Client));
        // From client 2 with client 3's BGP Identifier as ORIGINATOR_ID: neither is sent it while alone.
        e.Execute(new UpdateReceived(2, EngineKit.Announce("10.2.0.0/16",
            Attrs("192.0.2.2", 65100) with { OriginatorId = Bgp.Protocol.RouterId.Parse("10.0.0.4") })));
        output.DrainRound(refuseOneIn: 0);
        Assert.Empty(output.Table(1));
        Assert.Empty(output.Table(2));

        Assert.Equal(1, e.MergeGroups(NoneBusy));
        output.DrainRound(refuseOneIn: 0);

        // A group of several is sent it (FRR); both drop it (RFC 4456 8 for 3; 2 sent it).
        Assert.Equal(P("10.2.0.0/16"), Prefixes(output.Table(1)));
        Assert.Equal(P("10.2.0.0/16"), Prefixes(output.Table(2)));
        // A third client, alone, has it too; it joins (VerifyMerges: the same sent state) and the withdrawal reaches all.
        e.Execute(Up(4, LocalAs, Client));
        output.DrainRound(refuseOneIn: 0);
        Assert.Equal(P("10.2.0.0/16"), Prefixes(output.Table(3)));
        Assert.Equal(1, e.MergeGroups(NoneBusy));
        e.Execute(new UpdateReceived(2, WithdrawOf("10.2.0.0/16")));
        output.DrainRound(refuseOneIn: 0);
        for (int r = 1; r < 4; r++) Assert.Empty(output.Table(r));
    }

    [Fact]
    public void RouteRefresh_FromALoneMember_ResendsWithoutItsOwnRoutes()
    {
        var e = UpdateGroupTests.NewGroupedEngine();
        e.Execute(Up(1, 65001));
        e.Execute(Up(2, LocalAs, Client));
        Announce(e, 1, "10.1.0.0/16", 65001);
        Announce(e, 2, "10.2.0.0/16");
        Drain(e, 2);

        e.Execute(new RouteRefreshRequested(2, AfiSafi.Ipv4Unicast));

        Assert.Equal(1, e.GroupSize(2));
        Assert.Equal(P("10.1.0.0/16"), DrainRoutes(e, 2).SelectMany(u => u.Nlri).Select(n => n.Prefix).ToList());
    }

    [Fact]
    public void PeerUp_BackFromGracefulRestartAlone_InitialTableWithoutItsStaleRoutesAsWithoutGroups()
    {
        var tables = new List<string>[2];
        foreach (bool groups in new[] { false, true })
        {
            var e = UpdateGroupTests.NewGroupedEngine(groups);
            var up = Up(2, LocalAs, Client);
            // RFC 4724: with the capability (forwarding state preserved) 2's routes stay, stale, while it restarts;
            // they are still best paths when it is back.
            up = up with
            {
                Facts = up.Facts with
                {
                    GracefulRestart = new GracefulRestartCapability(false, false, 120, [new GracefulRestartFamily(AfiSafi.Ipv4Unicast, true)]),
                },
            };
            e.Execute(Up(1, 65001));
            e.Execute(up);
            Announce(e, 1, "10.1.0.0/16", 65001);
            Announce(e, 2, "10.2.0.0/16");
            e.Execute(new PeerDown(2, RetainStale: true));
            Assert.True(e.IsRestarting(2));
            e.Execute(up);
            Assert.Equal(1, e.StalePathCount(2));
            var drained = Drain(e, 2);
            Assert.Contains(drained, u => u.EndOfRib is not null);
            tables[groups ? 1 : 0] = [.. drained.SelectMany(u => u.Nlri).Select(n => n.Prefix.ToString())];
        }

        Assert.Equal(["10.1.0.0/16"], tables[1]);
        Assert.Equal(tables[0], tables[1]);
    }

    [Fact]
    public void PeerDown_RetainStaleOfTheOtherMember_ItsReflectedRouteWithTheLoneMembersOriginatorIdIsWithdrawn()
    {
        var e = UpdateGroupTests.NewGroupedEngine();
        var up3 = Up(3, LocalAs, Client);
        up3 = up3 with
        {
            Facts = up3.Facts with
            {
                GracefulRestart = new GracefulRestartCapability(false, false, 120, [new GracefulRestartFamily(AfiSafi.Ipv4Unicast, true)]),
            },
        };
        e.Execute(Up(2, LocalAs, Client));
        e.Execute(up3);
        Drain(e, 2);
        Drain(e, 3);
        Assert.Equal(1, e.MergeGroups(NoneBusy));
        // From client 3 with client 2's BGP Identifier as ORIGINATOR_ID: the group of two sends it to both (FRR).
        e.Execute(new UpdateReceived(3, EngineKit.Announce("10.3.0.0/16",
            Attrs("192.0.2.3", 65100) with { OriginatorId = Bgp.Protocol.RouterId.Parse("10.0.0.3") })));
        Assert.Single(DrainRoutes(e, 2));

        // 3 restarts (RFC 4724): its route stays, stale, and 2 is alone, so RFC 4456 8 applies to it again.
        e.Execute(new PeerDown(3, RetainStale: true));

        Assert.True(e.IsRestarting(3));
        Assert.Equal(1, e.GroupSize(2));
        var w = Assert.Single(DrainRoutes(e, 2));
        Assert.Equal(Prefix.Parse("10.3.0.0/16"), Assert.Single(w.Withdrawn).Prefix);
    }

    [Fact]
    public void MergeGroups_ThreeLoneAtOnceOnlyTheLastJoinerHasTheSurvivorsOwnRoute_ItsWithdrawalStillReachesIt()
    {
        var e = UpdateGroupTests.NewGroupedEngine();
        var output = new GroupOutput(e, source: 99, firstReceiver: 1);
        // 4 is up first: its group stays; 3 joins it first, then 2.
        foreach (int id in new[] { 4, 3, 2 }) e.Execute(Up(id, LocalAs, Client));
        // From client 3 with client 4's BGP Identifier as ORIGINATOR_ID: alone, only 2 is sent it.
        e.Execute(new UpdateReceived(3, EngineKit.Announce("10.3.0.0/16",
            Attrs("192.0.2.3", 65100) with { OriginatorId = Bgp.Protocol.RouterId.Parse("10.0.0.5") })));
        output.DrainRound(refuseOneIn: 0);
        Assert.Equal(P("10.3.0.0/16"), Prefixes(output.Table(1)));
        Assert.Empty(output.Table(2));
        Assert.Empty(output.Table(3));

        Assert.Equal(2, e.MergeGroups(NoneBusy));
        // Withdrawn before the group wrote anything: 2 has the route and must be told.
        e.Execute(new UpdateReceived(3, WithdrawOf("10.3.0.0/16")));
        output.DrainRound(refuseOneIn: 0);

        Assert.Equal(3, e.GroupSize(2));
        Assert.Empty(output.Table(1));
        Assert.Equal(0, e.AdjRibOut(2)!.SentCount);
    }
}
