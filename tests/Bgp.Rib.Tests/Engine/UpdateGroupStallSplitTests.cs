using System.Buffers;
using Bgp.Protocol;
using Bgp.Protocol.Messages;
using Bgp.Rib.Engine;
using Bgp.Rib.Tests.Export;
using static Bgp.Rib.Tests.Engine.EngineKit;
using static Bgp.Rib.Tests.Engine.GroupOfThreeKit;

namespace Bgp.Rib.Tests.Engine;

/// <summary>
/// RibEngine.SplitStalledMember (RibEngine.Groups.cs): the RIB loop splits off a member of an update group whose send
/// task has held the group back too long. The member's own Adj-RIB-Out holds what it is owed (the group's sent state,
/// the group's pending exported for it), the rest of the group keeps its pending, and the member merges back once quiet.
/// </summary>
public sealed class UpdateGroupStallSplitTests
{
    [Theory]
    [InlineData(false, false, 0)]
    [InlineData(false, true, 1)]
    [InlineData(true, false, 1)]
    [InlineData(true, true, 0)]
    public void SplitStalledMember_GroupOfThreeWithPendingChanges_MemberGetsEachChangeOnceAndMergesBack(bool dense, bool batched, int which)
    {
        var e = GroupOfThree(dense, "10.1.0.0/16", "10.2.0.0/16", "10.3.0.0/16");
        // Written for the group (and so given to every member, the stalled one still being sent it).
        Announce(e, "10.3.0.0/16", 65102);
        Assert.Equal(["10.3.0.0/16 65001 65102"], Announced(DrainAll(e)[3]));
        // Pending in the group while the member holds it back: a changed route, a withdrawal and a new route; batched,
        // they are not even exported yet.
        e.BatchExports = batched;
        Announce(e, "10.1.0.0/16", 65101);
        e.Execute(new UpdateReceived(1, WithdrawOf("10.2.0.0/16")));
        Announce(e, "10.4.0.0/16", 65100);
        Assert.Equal(batched, e.PendingExports > 0);
        // The member that writes for the group (0), or another (1).
        var members = new List<int>();
        e.CopyGroupMembers(2, members);
        int stalled = members[which];

        Assert.True(e.SplitStalledMember(stalled));

        Assert.Equal(1, e.GroupSize(stalled));
        int other = Array.Find(Clients, id => id != stalled)!;
        Assert.Equal(2, e.GroupSize(other));
        Assert.NotSame(e.AdjRibOut(other), e.AdjRibOut(stalled));
        Assert.Equal(3, e.AdjRibOut(other)!.PendingCount);
        var given = DrainAll(e);
        foreach (int id in Clients)
        {
            // Nothing the group had written already (10.3), each pending change once.
            Assert.Equal(["10.1.0.0/16 65001 65101", "10.4.0.0/16 65001 65100"], Announced(given[id]));
            Assert.Equal(["10.2.0.0/16"], Withdrawn(given[id]));
        }
        // Still being sent its chunk: not quiet. Caught up: the merge joins it back (VerifyMerges: same sent state).
        Assert.Equal(0, e.MergeGroups(id => id == stalled));
        Assert.Equal(1, e.MergeGroups(NoneBusy));
        Assert.Equal(3, e.GroupSize(stalled));
        Assert.Same(e.AdjRibOut(other), e.AdjRibOut(stalled));
    }

    [Fact]
    public void SplitStalledMember_AloneOrNotUp_DoesNothing()
    {
        var e = GroupOfThree(dense: false, "10.1.0.0/16");
        e.Execute(new RouteRefreshRequested(4, AfiSafi.Ipv4Unicast));
        Assert.Equal(1, e.GroupSize(4));
        var own = e.AdjRibOut(4);
        int pending = own!.PendingCount;

        Assert.False(e.SplitStalledMember(4));
        Assert.False(e.SplitStalledMember(9));

        Assert.Same(own, e.AdjRibOut(4));
        Assert.Equal(pending, own.PendingCount);
        Assert.Equal(2, e.GroupSize(2));
        // The group of two still splits.
        Assert.True(e.SplitStalledMember(3));
        Assert.Equal(1, e.GroupSize(2));
        Assert.False(e.SplitStalledMember(2));
    }
}
