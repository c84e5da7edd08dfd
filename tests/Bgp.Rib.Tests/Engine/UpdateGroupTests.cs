using Bgp.Protocol;
using Bgp.Protocol.Messages;
using Bgp.Rib.Engine;
using Bgp.Rib.Policy;
using static Bgp.Rib.Tests.Engine.EngineKit;

namespace Bgp.Rib.Tests.Engine;

/// <summary>Update groups in the engine (RibEngine.Groups.cs): who is merged when, and what each member is sent.</summary>
public sealed class UpdateGroupTests
{
    private static readonly Func<int, bool> NoneBusy = _ => false;

    /// <summary>Route-reflector clients with the same filters: one key.</summary>
    internal static readonly PeerRibOptions Client = AcceptAll with { IsReflectorClient = true };

    internal static RibEngine NewGroupedEngine(bool updateGroups = true) =>
        new(new RibEngineSettings(LocalAs, EngineKit.RouterId) { UpdateGroups = updateGroups }) { VerifyMerges = true };

    private static void Announce(RibEngine e, int from, string prefix) =>
        e.Execute(new UpdateReceived(from, EngineKit.Announce(prefix, Attrs($"192.0.2.{from}", 65100))));

    [Fact]
    public void MergeGroups_OnlyWhenBothDrained_JoinsThemWithEqualSentStates()
    {
        var e = NewGroupedEngine();
        e.Execute(Up(1, LocalAs, Client));
        Drain(e, 1);
        Announce(e, 1, "10.1.0.0/16");
        e.Execute(Up(2, LocalAs, Client));
        e.Execute(Up(3, LocalAs, Client));

        // 2 and 3 have their tables and End-of-RIB pending: nothing merges with them yet.
        Assert.Equal(0, e.MergeGroups(NoneBusy));
        Assert.Equal(1, e.GroupSize(2));
        Drain(e, 2);
        // 1 and 2 are quiet now (1 got its own route back once drained); 3 is not.
        Drain(e, 1);
        Assert.Equal(1, e.MergeGroups(NoneBusy));
        Assert.Equal(2, e.GroupSize(2));
        Assert.Equal(1, e.GroupSize(3));
        // Quiet but still being sent octets already written: waits.
        Drain(e, 3);
        Assert.Equal(0, e.MergeGroups(id => id == 3));
        Assert.Equal(1, e.MergeGroups(NoneBusy));
        Assert.Equal(3, e.GroupSize(1));
        Assert.Same(e.AdjRibOut(1), e.AdjRibOut(3));
        Assert.Equal(1, e.AdjRibOut(3)!.SentCount);
    }

    [Fact]
    public void Announce_AfterMerge_PendsOnceInTheSharedAdjRibOut()
    {
        var e = NewGroupedEngine();
        var members = new List<int>();
        foreach (int id in new[] { 1, 2, 3 }) e.Execute(Up(id, LocalAs, Client));
        foreach (int id in new[] { 1, 2, 3 }) Drain(e, id);
        Assert.Equal(2, e.MergeGroups(NoneBusy));

        Announce(e, 1, "10.1.0.0/16");

        var shared = e.AdjRibOut(2)!;
        Assert.Same(shared, e.AdjRibOut(3));
        Assert.Equal(1, shared.PendingCount);
        e.CopyGroupMembers(3, members);
        Assert.Equal(3, members.Count);
        // One write for the group, through its first member; the others have nothing of their own.
        var pending = new List<int>();
        Assert.Equal(1, e.CollectPeersWithPending(pending));
        var u = Assert.Single(DrainRoutes(e, pending[0]));
        Assert.Equal(Prefix.Parse("10.1.0.0/16"), Assert.Single(u.Nlri).Prefix);
        // RFC 4456 8: the source gets its route back with its own ORIGINATOR_ID and drops it.
        Assert.Equal(Bgp.Protocol.RouterId.Parse("10.0.0.2"), u.Attributes.OriginatorId);
        foreach (int id in new[] { 1, 2, 3 }) Assert.False(e.HasPending(id));
    }

    [Fact]
    public void MergeGroups_OtherExportFilter_NotMerged()
    {
        var e = NewGroupedEngine();
        var other = new Filter("other", [], PolicyVerdict.Accept);
        e.Execute(Up(2, LocalAs, Client));
        e.Execute(Up(3, LocalAs, Client with { ExportFilter = other }));
        e.Execute(Up(4, LocalAs, Client with { ExportFilter = other }));
        foreach (int id in new[] { 2, 3, 4 }) Drain(e, id);

        Assert.Equal(1, e.MergeGroups(NoneBusy));
        Assert.Equal(1, e.GroupSize(2));
        Assert.Equal(2, e.GroupSize(3));
        Assert.NotSame(e.AdjRibOut(2), e.AdjRibOut(3));
    }

    [Fact]
    public void PeerDown_OfOneMember_OthersKeepTheirSentStateAndGetChanges()
    {
        var e = NewGroupedEngine();
        e.Execute(Up(1, 65001));
        e.Execute(Up(2, LocalAs, Client));
        e.Execute(Up(3, LocalAs, Client));
        Announce(e, 1, "10.1.0.0/16");
        foreach (int id in new[] { 1, 2, 3 }) Drain(e, id);
        Assert.Equal(1, e.MergeGroups(NoneBusy));
        var members = new List<int>();
        e.CopyGroupMembers(3, members);
        int first = members[0];
        int second = members[1];

        // The member that exports for the group goes.
        e.Execute(new PeerDown(first));

        Assert.Equal(1, e.GroupSize(second));
        Assert.Equal(1, e.AdjRibOut(second)!.SentCount);
        e.Execute(new UpdateReceived(1, WithdrawOf("10.1.0.0/16")));
        var u = Assert.Single(DrainRoutes(e, second));
        Assert.Equal(Prefix.Parse("10.1.0.0/16"), Assert.Single(u.Withdrawn).Prefix);
        Assert.Equal(0, e.AdjRibOut(second)!.SentCount);
    }

    [Fact]
    public void ReplacePolicy_OfOneMember_SplitsWithTheGroupsSentStateAndPendingWithdrawals()
    {
        var e = NewGroupedEngine();
        e.Execute(Up(1, 65001));
        e.Execute(Up(2, LocalAs, Client));
        e.Execute(Up(3, LocalAs, Client));
        Announce(e, 1, "10.1.0.0/16");
        Announce(e, 1, "10.2.0.0/16");
        foreach (int id in new[] { 1, 2, 3 }) Drain(e, id);
        Assert.Equal(1, e.MergeGroups(NoneBusy));
        // The group has a withdrawal pending when 3 leaves it.
        e.Execute(new UpdateReceived(1, WithdrawOf("10.2.0.0/16")));
        var only10_1 = new Filter("only-10.1",
            [new PolicyTerm("t", [new PrefixMatch(PrefixRange.Parse("10.1.0.0/16"))], [AcceptAction.Instance])], PolicyVerdict.Reject);

        e.Execute(new ReplacePolicy(3, Client.ImportFilter, only10_1));

        Assert.Equal(1, e.GroupSize(3));
        Assert.Equal(1, e.GroupSize(2));
        Assert.NotSame(e.AdjRibOut(2), e.AdjRibOut(3));
        // 3 has 10.1 already and keeps it; 10.2 it must lose.
        var to3 = DrainRoutes(e, 3);
        Assert.Equal([Prefix.Parse("10.2.0.0/16")], to3.SelectMany(u => u.Withdrawn).Select(n => n.Prefix));
        Assert.Empty(to3.SelectMany(u => u.Nlri));
        var to2 = DrainRoutes(e, 2);
        Assert.Equal([Prefix.Parse("10.2.0.0/16")], to2.SelectMany(u => u.Withdrawn).Select(n => n.Prefix));
        Assert.Equal(1, e.AdjRibOut(3)!.SentCount);
        Assert.Equal(1, e.AdjRibOut(2)!.SentCount);
    }

    [Fact]
    public void ReplacePolicy_WhileItsRouteRefreshIsPending_SplitMemberStillGetsTheResend()
    {
        var e = NewGroupedEngine();
        e.Execute(Up(1, 65001));
        e.Execute(Up(2, LocalAs, Client));
        e.Execute(Up(3, LocalAs, Client));
        Announce(e, 1, "10.1.0.0/16");
        foreach (int id in new[] { 1, 2, 3 }) Drain(e, id);
        Assert.Equal(1, e.MergeGroups(NoneBusy));
        e.Execute(new RouteRefreshRequested(3, AfiSafi.Ipv4Unicast));

        // Before the group wrote the resend, 3 moves to another (still accepting) filter and leaves the group.
        e.Execute(new ReplacePolicy(3, Client.ImportFilter, new Filter("also-all", [], PolicyVerdict.Accept)));

        Assert.Equal(1, e.GroupSize(3));
        var u = Assert.Single(DrainRoutes(e, 3));
        Assert.Equal(Prefix.Parse("10.1.0.0/16"), Assert.Single(u.Nlri).Prefix);
    }

    [Fact]
    public void ReplacePolicy_BackToTheGroupsFilter_MergesAgainOnceQuiet()
    {
        var e = NewGroupedEngine();
        var other = new Filter("other", [], PolicyVerdict.Accept);
        e.Execute(Up(2, LocalAs, Client));
        e.Execute(Up(3, LocalAs, Client));
        foreach (int id in new[] { 2, 3 }) Drain(e, id);
        Assert.Equal(1, e.MergeGroups(NoneBusy));

        e.Execute(new ReplacePolicy(3, Client.ImportFilter, other));
        Assert.Equal(1, e.GroupSize(3));
        e.Execute(new ReplacePolicy(3, Client.ImportFilter, Client.ExportFilter));
        Drain(e, 3);

        Assert.Equal(1, e.MergeGroups(NoneBusy));
        Assert.Equal(2, e.GroupSize(3));
    }

    [Fact]
    public void AddPathSendPeer_NeverGrouped()
    {
        var e = NewGroupedEngine();
        var up = Up(3, LocalAs, Client with { AddPathSend = AddPathSendMode.All });
        up = up with { Facts = up.Facts with { CodecOptions = up.Facts.CodecOptions with { AddPathSend = [AfiSafi.Ipv4Unicast] } } };
        e.Execute(Up(2, LocalAs, Client));
        e.Execute(up);
        e.Execute(Up(4, LocalAs, Client));
        foreach (int id in new[] { 2, 3, 4 }) Drain(e, id);

        Assert.Equal(1, e.MergeGroups(NoneBusy));
        Assert.Equal(1, e.GroupSize(3));
        Assert.Equal(2, e.GroupSize(4));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SourcePeerRule_OnlyWithoutUpdateGroups(bool updateGroups)
    {
        var e = NewGroupedEngine(updateGroups);
        e.Execute(Up(1, LocalAs, Client));
        e.Execute(Up(2, LocalAs, Client));
        foreach (int id in new[] { 1, 2 }) Drain(e, id);
        Assert.Equal(updateGroups ? 1 : 0, e.MergeGroups(NoneBusy));
        Assert.Equal(updateGroups ? 2 : 1, e.GroupSize(1));

        Announce(e, 1, "10.1.0.0/16");

        // Without groups the route never goes back to the client it came from (RFC 4271 9.2 as every
        // speaker does it); with them it does, as to an FRR subgroup of several peers, and the client drops it.
        Assert.Equal(updateGroups ? 1 : 0, DrainRoutes(e, 1).Count);
        if (!updateGroups) Assert.Single(DrainRoutes(e, 2));
    }
}
