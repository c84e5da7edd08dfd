using System.Buffers;
using Bgp.Protocol;
using Bgp.Protocol.Messages;
using Bgp.Rib.Engine;
using Bgp.Rib.Tests.Export;
using static Bgp.Rib.Tests.Engine.EngineKit;
using static Bgp.Rib.Tests.Engine.GroupOfThreeKit;

namespace Bgp.Rib.Tests.Engine;

/// <summary>
/// A ROUTE-REFRESH (RFC 2918) from a member of an update group (RibEngine.Groups.cs): the member splits off and is
/// resent the table alone; the other members get nothing extra; the split member merges back once quiet.
/// </summary>
public sealed class UpdateGroupRouteRefreshTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void RouteRefresh_FromOneMemberOfThree_ResendsTheTableToThatMemberOnly(bool dense)
    {
        var e = GroupOfThree(dense, "10.1.0.0/16", "10.2.0.0/16");

        e.Execute(new RouteRefreshRequested(3, AfiSafi.Ipv4Unicast));

        Assert.Equal(1, e.GroupSize(3));
        Assert.Equal(2, e.GroupSize(2));
        Assert.NotSame(e.AdjRibOut(2), e.AdjRibOut(3));
        var given = DrainAll(e);
        Assert.Equal(["10.1.0.0/16 65001 65100", "10.2.0.0/16 65001 65100"], Announced(given[3]));
        Assert.Empty(Withdrawn(given[3]));
        Assert.Empty(given[2]);
        Assert.Empty(given[4]);
    }

    [Theory]
    [InlineData(false, 0)]
    [InlineData(false, 1)]
    [InlineData(true, 0)]
    [InlineData(true, 1)]
    public void RouteRefresh_WhileTheGroupHasPendingChanges_EachMemberGetsEachChangeOnce(bool dense, int asker)
    {
        var e = GroupOfThree(dense, "10.1.0.0/16", "10.2.0.0/16", "10.3.0.0/16");
        // Pending in the group, not written yet: a changed route, a withdrawal and a new route.
        Announce(e, "10.1.0.0/16", 65101);
        e.Execute(new UpdateReceived(1, WithdrawOf("10.2.0.0/16")));
        Announce(e, "10.4.0.0/16", 65100);
        Assert.Equal(3, e.AdjRibOut(2)!.PendingCount);
        // The member that writes for the group (0), or another (1).
        var members = new List<int>();
        e.CopyGroupMembers(2, members);
        int asking = members[asker];

        e.Execute(new RouteRefreshRequested(asking, AfiSafi.Ipv4Unicast));

        int other = Array.Find(Clients, id => id != asking)!;
        Assert.Equal(3, e.AdjRibOut(other)!.PendingCount);
        var given = DrainAll(e);
        Assert.Equal(["10.1.0.0/16 65001 65101", "10.3.0.0/16 65001 65100", "10.4.0.0/16 65001 65100"], Announced(given[asking]));
        Assert.Equal(["10.2.0.0/16"], Withdrawn(given[asking]));
        foreach (int id in Clients)
        {
            if (id == asking) continue;
            Assert.Equal(["10.1.0.0/16 65001 65101", "10.4.0.0/16 65001 65100"], Announced(given[id]));
            Assert.Equal(["10.2.0.0/16"], Withdrawn(given[id]));
        }
        Assert.Equal(1, e.MergeGroups(NoneBusy));
        Assert.Equal(3, e.GroupSize(asking));
    }

    [Fact]
    public void RouteRefresh_FromTwoMembersBeforeAnyWrite_EachAskerGetsTheTableOnceTheThirdNothing()
    {
        var e = GroupOfThree(dense: true, "10.1.0.0/16");

        e.Execute(new RouteRefreshRequested(3, AfiSafi.Ipv4Unicast));
        e.Execute(new RouteRefreshRequested(3, AfiSafi.Ipv4Unicast));
        e.Execute(new RouteRefreshRequested(2, AfiSafi.Ipv4Unicast));

        foreach (int id in Clients) Assert.Equal(1, e.GroupSize(id));
        var given = DrainAll(e);
        Assert.Equal(["10.1.0.0/16 65001 65100"], Announced(given[2]));
        Assert.Equal(["10.1.0.0/16 65001 65100"], Announced(given[3]));
        Assert.Empty(given[4]);
    }

    [Fact]
    public void RouteRefresh_SplitMember_MergesBackOnceQuietAndSharesLaterChanges()
    {
        var e = GroupOfThree(dense: false, "10.1.0.0/16");
        e.Execute(new RouteRefreshRequested(4, AfiSafi.Ipv4Unicast));
        Assert.Equal(1, e.GroupSize(4));

        // Its resend not written: not quiet. Written but still on its way to the session: not quiet either.
        Assert.Equal(0, e.MergeGroups(NoneBusy));
        // A change while apart goes to both groups.
        Announce(e, "10.5.0.0/16", 65100);
        var given = DrainAll(e);
        Assert.Equal(["10.1.0.0/16 65001 65100", "10.5.0.0/16 65001 65100"], Announced(given[4]));
        Assert.Equal(["10.5.0.0/16 65001 65100"], Announced(given[2]));
        Assert.Equal(0, e.MergeGroups(id => id == 4));
        Assert.Equal(1, e.MergeGroups(NoneBusy));

        Assert.Equal(3, e.GroupSize(4));
        Assert.Same(e.AdjRibOut(2), e.AdjRibOut(4));
        Announce(e, "10.6.0.0/16", 65100);
        // One write for the three (peer 1, of another key, may have the route back to write too).
        var pending = new List<int>();
        e.CollectPeersWithPending(pending);
        Assert.Single(pending, id => id != 1);
        given = DrainAll(e);
        foreach (int id in Clients) Assert.Equal(["10.6.0.0/16 65001 65100"], Announced(given[id]));
    }
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void RouteRefresh_GroupChangePendingThenRevertedBeforeWrite_AskerIsStillResentTheRoute(bool dense)
    {
        var e = GroupOfThree(dense, "10.1.0.0/16", "10.2.0.0/16");
        // Pending in the group when the refresh comes: a changed route and a withdrawal, not written yet.
        Announce(e, "10.1.0.0/16", 65101);
        e.Execute(new UpdateReceived(1, WithdrawOf("10.2.0.0/16")));

        e.Execute(new RouteRefreshRequested(3, AfiSafi.Ipv4Unicast));
        // Both come back to what every member has before anything is written.
        Announce(e, "10.1.0.0/16", 65100);
        Announce(e, "10.2.0.0/16", 65100);

        // RFC 2918 3: the asker is re-advertised its whole Adj-RIB-Out, these two routes included; the others need nothing.
        var given = DrainAll(e);
        Assert.Equal(["10.1.0.0/16 65001 65100", "10.2.0.0/16 65001 65100"], Announced(given[3]));
        Assert.Empty(given[2]);
        Assert.Empty(given[4]);
    }
    [Fact]
    public void RouteRefresh_ForAFamilyTheMemberDoesNotHave_IsIgnored()
    {
        // RFC 2918 4: a refresh for an <AFI, SAFI> not advertised to the peer at session establishment is ignored; the
        // session drops it from the wire, and the engine too when the command comes another way.
        var e = GroupOfThree(dense: true, "10.1.0.0/16");

        e.Execute(new RouteRefreshRequested(3, AfiSafi.Ipv6Unicast));

        Assert.Equal(3, e.GroupSize(3));
        Assert.False(e.HasPending(3));
    }

    [Fact]
    public void RouteRefresh_WholeTablePendingInTheGroup_SplitCopiesNoListOfThePendingRoutes()
    {
        // A full-table peer coming up leaves the whole table pending in every group; a split then exported each pending
        // route from a copied list of 32-octet Nlris: 32 MB for a million routes, for the length of one command.
        const int Routes = 20_000;
        var prefixes = new string[Routes];
        for (int i = 0; i < Routes; i++) prefixes[i] = $"10.{i >> 8}.{i & 255}.0/24";
        var quiet = GroupOfThree(dense: true, prefixes);
        var busy = GroupOfThree(dense: true, prefixes);
        foreach (string p in prefixes) Announce(busy, p, 65101);
        Assert.Equal(Routes, busy.AdjRibOut(2)!.PendingCount);

        long quietBytes = AllocatedBy(quiet, new RouteRefreshRequested(3, AfiSafi.Ipv4Unicast));
        long busyBytes = AllocatedBy(busy, new RouteRefreshRequested(3, AfiSafi.Ipv4Unicast));

        // The same resend either way (a pending route of the group goes pending to the asker as a resend route would).
        Assert.True(busyBytes - quietBytes < Routes * 8, $"split with the table pending allocated {busyBytes} bytes, without {quietBytes}");
        Assert.Equal(Routes, busy.AdjRibOut(3)!.PendingCount);
    }

    private static long AllocatedBy(RibEngine e, RibCommand command)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        e.Execute(command);
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
