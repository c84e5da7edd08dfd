using Bgp.Protocol;
using Bgp.Rib.Engine;
using Bgp.Rib.Policy;
using static Bgp.Rib.Tests.Engine.EngineKit;

namespace Bgp.Rib.Tests.Engine;

/// <summary>Update groups: cases found in review (RibEngine.Groups.cs, RibEngine.Policy.cs).</summary>
public sealed class UpdateGroupReviewTests
{
    private static readonly Func<int, bool> NoneBusy = _ => false;

    private static Filter Reject(string prefix) =>
        new($"no-{prefix}", [new PolicyTerm("t", [new PrefixMatch(PrefixRange.Parse(prefix))], [RouteAction.Reject])], PolicyVerdict.Accept);

    [Fact]
    public void ReplacePolicy_ImportAndExportOfTheExportingMember_OthersGetTheReimportUnderTheirOwnFilter()
    {
        var e = UpdateGroupTests.NewGroupedEngine();
        // Peer 2 keeps its routes as received and rejects 10.1/16 on import; 3 has the same export key.
        var keep = UpdateGroupTests.Client with { ImportFilter = Reject("10.1.0.0/16"), SoftReconfigurationInbound = true };
        e.Execute(Up(2, LocalAs, keep));
        e.Execute(Up(3, LocalAs, UpdateGroupTests.Client));
        foreach (int id in new[] { 2, 3 }) Drain(e, id);
        Assert.Equal(1, e.MergeGroups(NoneBusy));
        var members = new List<int>();
        e.CopyGroupMembers(3, members);
        Assert.Equal(2, members[0]);
        e.Execute(new UpdateReceived(2, Announce("10.1.0.0/16", Attrs("192.0.2.2", 65100))));
        Assert.Null(e.GetBest(Prefix.Parse("10.1.0.0/16")));

        // One reload changes both of 2's filters: the re-import (soft reconfiguration) puts 10.1/16 in the
        // Loc-RIB while 2 still exports for the group, then 2 leaves for its new export filter (nothing).
        e.Execute(new ReplacePolicy(2, Filter.AcceptAll, Filter.RejectAll));

        Assert.NotNull(e.GetBest(Prefix.Parse("10.1.0.0/16")));
        Assert.Equal(1, e.GroupSize(3));
        // 3 still accepts everything: it must be told 10.1/16, not filtered by 2's new export filter.
        var to3 = DrainRoutes(e, 3);
        Assert.Equal([Prefix.Parse("10.1.0.0/16")], to3.SelectMany(u => u.Nlri).Select(n => n.Prefix));
        Assert.Empty(DrainRoutes(e, 2));
    }
    [Fact]
    public void EndDeferral_GroupablePeersUpDuringIt_EachGetsTheTableThenTheyMergeAndShareChanges()
    {
        var e = UpdateGroupTests.NewGroupedEngine();
        // After our restart (RFC 4724 4.1) nothing goes out until the deferral ends; no group merges meanwhile.
        e.BeginDeferral([9]);
        e.Execute(Up(1, 65001));
        e.Execute(new UpdateReceived(1, Announce("10.1.0.0/16", Attrs("192.0.2.1", 65001))));
        e.Execute(Up(2, LocalAs, UpdateGroupTests.Client));
        e.Execute(Up(3, LocalAs, UpdateGroupTests.Client));
        Assert.Equal(0, e.MergeGroups(NoneBusy));

        e.Execute(new EndDeferral());

        foreach (int id in new[] { 2, 3 })
        {
            var u = Drain(e, id);
            Assert.Equal([Prefix.Parse("10.1.0.0/16")], u.SelectMany(m => m.Nlri).Select(n => n.Prefix));
            Assert.Contains(u, m => m.EndOfRib is not null);
        }
        Drain(e, 1);
        Assert.Equal(1, e.MergeGroups(NoneBusy));
        e.Execute(new UpdateReceived(1, WithdrawOf("10.1.0.0/16")));
        var pending = new List<int>();
        Assert.Equal(2, e.CollectPeersWithPending(pending));
        int leader = pending.Find(id => id != 1);
        var w = Assert.Single(DrainRoutes(e, leader));
        Assert.Equal(Prefix.Parse("10.1.0.0/16"), Assert.Single(w.Withdrawn).Prefix);
        Assert.False(e.HasPending(2));
        Assert.False(e.HasPending(3));
    }
}
