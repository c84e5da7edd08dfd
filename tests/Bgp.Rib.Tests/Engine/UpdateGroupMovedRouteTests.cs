using Bgp.Protocol;
using Bgp.Rib.Engine;
using static Bgp.Rib.Tests.Engine.EngineKit;

namespace Bgp.Rib.Tests.Engine;

/// <summary>
/// A route that moves between two members of a group whose exports of it are byte-identical (eBGP to one AS, next hop
/// self): each member must still hold it. The review of a design that sent a member of a group none of its own routes
/// (while recording them as sent) found that member never got the route once it came from the other member.
/// </summary>
public sealed class UpdateGroupMovedRouteTests
{
    [Fact]
    public void MergedGroup_RouteMovesFromOneMemberToTheOther_FirstMemberStillHoldsIt()
    {
        var e = UpdateGroupTests.NewGroupedEngine();
        var output = new GroupOutput(e, source: 99, firstReceiver: 1);
        // Two sites of one customer AS 65002 (they accept each other's routes with allowas-in).
        e.Execute(Up(1, 65002));
        e.Execute(Up(2, 65002));
        // Site 1 originates 10.9/16, then the two groups merge.
        e.Execute(new UpdateReceived(1, Announce("10.9.0.0/16", Attrs("192.0.2.1", 65002))));
        output.DrainRound(refuseOneIn: 0);
        Assert.Equal(1, e.MergeGroups(_ => false));
        output.DrainRound(refuseOneIn: 0);
        // Site 2 originates it too, and site 1 withdraws it: site 2's copy is the only one, and site 1 must have it.
        e.Execute(new UpdateReceived(2, Announce("10.9.0.0/16", Attrs("192.0.2.2", 65002))));
        output.DrainRound(refuseOneIn: 0);
        e.Execute(new UpdateReceived(1, WithdrawOf("10.9.0.0/16")));
        output.DrainFully();
        Assert.True(e.Rib.TryGetBest(Prefix.Parse("10.9.0.0/16"), out var best));
        Assert.Equal(2, best.PeerId);
        Assert.Contains(Prefix.Parse("10.9.0.0/16"), output.Table(0).Keys);
        Assert.Contains(Prefix.Parse("10.9.0.0/16"), output.Table(1).Keys);
    }
}
