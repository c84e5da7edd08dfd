using Bgp.Protocol;
using Bgp.Protocol.Messages;
using Bgp.Rib.Engine;
using Bgp.Rib.Policy;
using static Bgp.Rib.Tests.Engine.EngineKit;

namespace Bgp.Rib.Tests.Engine;

public class PrefixLimitTests
{
    private static UpdateMessage AnnounceMany(int first, int count)
    {
        var nlri = new Nlri[count];
        for (int i = 0; i < count; i++) nlri[i] = new Nlri(Prefix.Parse($"10.{first + i}.0.0/16"));
        return new UpdateMessage { Attributes = Attrs("192.0.2.1", 65001), Nlri = [.. nlri] };
    }

    private static List<RibOutcome> Outcomes(RibEngine e)
    {
        var list = new List<RibOutcome>();
        e.TakeOutcomes(list);
        return list;
    }

    [Theory]
    [InlineData(3u, 3, false)]
    [InlineData(3u, 4, true)]
    [InlineData(0u, 1, true)]
    [InlineData(100u, 50, false)]
    public void PrefixLimit_AnnouncedCount_ReportedOnlyAboveLimit(uint limit, int announced, bool reported)
    {
        var e = NewEngine();
        e.Execute(Up(1, 65001, AcceptAll with { PrefixLimit = limit, PrefixLimitAction = PrefixLimitAction.Warn }));
        e.Execute(new UpdateReceived(1, AnnounceMany(1, announced)));
        var outcomes = Outcomes(e);
        if (!reported)
        {
            Assert.Empty(outcomes);
            return;
        }
        var hit = Assert.IsType<PrefixLimitReached>(Assert.Single(outcomes));
        Assert.Equal(new PrefixLimitReached(1, AfiSafi.Ipv4Unicast, limit, announced, PrefixLimitAction.Warn), hit);
    }

    [Fact]
    public void PrefixLimit_Shutdown_ReportedAndLaterUpdatesIgnored()
    {
        var e = NewEngine();
        e.Execute(Up(1, 65001, AcceptAll with { PrefixLimit = 2 }));
        e.Execute(new UpdateReceived(1, AnnounceMany(1, 3)));
        var hit = Assert.IsType<PrefixLimitReached>(Assert.Single(Outcomes(e)));
        Assert.Equal(PrefixLimitAction.Shutdown, hit.Action);
        Assert.Equal(2u, hit.Limit);

        // The session is about to be closed: nothing more from it is taken in.
        e.Execute(new UpdateReceived(1, AnnounceMany(20, 1)));
        Assert.Null(e.GetBest(Prefix.Parse("10.20.0.0/16")));
        Assert.Empty(Outcomes(e));
    }

    [Fact]
    public void PrefixLimit_Warn_OncePerCrossingAndAgainAfterDroppingBelow()
    {
        var e = NewEngine();
        e.Execute(Up(1, 65001, AcceptAll with { PrefixLimit = 2, PrefixLimitAction = PrefixLimitAction.Warn }));
        e.Execute(new UpdateReceived(1, AnnounceMany(1, 3)));
        Assert.Single(Outcomes(e));
        e.Execute(new UpdateReceived(1, AnnounceMany(4, 1)));
        Assert.Empty(Outcomes(e));
        // Warn keeps accepting routes beyond the limit.
        Assert.Equal(4, e.AcceptedPathCount(1));

        e.Execute(new UpdateReceived(1, WithdrawOf("10.1.0.0/16")));
        e.Execute(new UpdateReceived(1, WithdrawOf("10.2.0.0/16")));
        Assert.Empty(Outcomes(e));
        e.Execute(new UpdateReceived(1, AnnounceMany(1, 1)));
        Assert.Equal(3, Assert.IsType<PrefixLimitReached>(Assert.Single(Outcomes(e))).Count);
    }

    [Fact]
    public void PrefixLimit_RoutesRejectedByImportPolicy_NotCounted()
    {
        var e = NewEngine();
        var noTen1 = new Filter("no-10-1", [new PolicyTerm("t", [new PrefixMatch(PrefixRange.Parse("10.1.0.0/16"))], [RouteAction.Reject])],
            PolicyVerdict.Accept);
        e.Execute(Up(1, 65001, AcceptAll with { ImportFilter = noTen1, PrefixLimit = 2 }));
        e.Execute(new UpdateReceived(1, AnnounceMany(1, 3)));
        Assert.Empty(Outcomes(e));
        Assert.Equal(2, e.AcceptedPathCount(1));
    }

    [Fact]
    public void PrefixLimit_Ipv6Update_ReportsItsFamily()
    {
        var e = NewEngine();
        var up = Up(1, 65001, AcceptAll with { PrefixLimit = 0 });
        e.Execute(up with { Facts = up.Facts with { Families = [AfiSafi.Ipv4Unicast, AfiSafi.Ipv6Unicast] } });
        var reach = new Bgp.Protocol.Attributes.MpReachNlri
        {
            Family = AfiSafi.Ipv6Unicast,
            NextHop = System.Net.IPAddress.Parse("2001:db8::1"),
            Nlri = [new Nlri(Prefix.Parse("2001:db8:1::/48"))],
        };
        e.Execute(new UpdateReceived(1, new UpdateMessage { Attributes = Attrs("192.0.2.1", 65001) with { NextHop = null }, MpReach = reach }));
        Assert.Equal(AfiSafi.Ipv6Unicast, Assert.IsType<PrefixLimitReached>(Assert.Single(Outcomes(e))).Family);
    }
}
