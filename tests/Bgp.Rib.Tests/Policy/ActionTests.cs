using System.Net;
using Bgp.Protocol.Attributes;
using Bgp.Rib.Policy;
using static Bgp.Rib.Tests.Policy.PolicyTestKit;

namespace Bgp.Rib.Tests.Policy;

/// <summary>One table per action: what the accepted route looks like afterwards, and that the input is untouched.</summary>
public sealed class ActionTests
{
    private static PolicyResult Apply(RouteContext route, params RouteAction[] actions)
    {
        var filter = FilterOf("f", PolicyVerdict.Reject, Term("t", [], [.. actions, RouteAction.Accept]));
        var before = route.Attributes with { };
        var result = PolicyEvaluator.Evaluate(filter, route);
        Assert.Equal(before, route.Attributes);
        Assert.True(result.Accepted);
        return result;
    }

    [Theory]
    [InlineData(null, 200u, true)]
    [InlineData(100u, 200u, true)]
    [InlineData(200u, 200u, false)]
    public void SetLocalPref_Value_SetsItAndKeepsInstanceWhenSame(uint? before, uint value, bool changes)
    {
        var route = Route("10.0.0.0/8", Attrs(localPref: before));
        var result = Apply(route, new SetLocalPrefAction(value));
        Assert.Equal(value, result.Attributes.LocalPref);
        Assert.Equal(changes, result.Modified);
        Assert.Equal(!changes, ReferenceEquals(route.Attributes, result.Attributes));
    }

    [Theory]
    [InlineData(null, 10u, true)]
    [InlineData(5u, 10u, true)]
    [InlineData(10u, 10u, false)]
    [InlineData(10u, null, true)]
    [InlineData(null, null, false)]
    public void SetMed_Value_SetsOrRemoves(uint? before, uint? value, bool changes)
    {
        var route = Route("10.0.0.0/8", Attrs(med: before));
        var result = Apply(route, new SetMedAction(value));
        Assert.Equal(value, result.Attributes.MultiExitDisc);
        Assert.Equal(changes, result.Modified);
    }

    [Theory]
    [InlineData(CommunityEdit.Add, "65000:1", "65000:2", "65000:1 65000:2")]
    [InlineData(CommunityEdit.Add, "65000:1 65000:2", "65000:2 65000:3 65000:3", "65000:1 65000:2 65000:3")]
    [InlineData(CommunityEdit.Add, "", "no-export", "no-export")]
    [InlineData(CommunityEdit.Add, "65000:1", "65000:1", "65000:1")]
    [InlineData(CommunityEdit.Remove, "65000:1 65000:2 65000:1", "65000:1", "65000:2")]
    [InlineData(CommunityEdit.Remove, "65000:1", "65000:9", "65000:1")]
    [InlineData(CommunityEdit.Remove, "65000:1", "65000:1", "")]
    [InlineData(CommunityEdit.Replace, "65000:1 65000:2", "65000:7", "65000:7")]
    [InlineData(CommunityEdit.Replace, "65000:1 65000:2", "", "")]
    [InlineData(CommunityEdit.Replace, "65000:1", "65000:1", "65000:1")]
    public void CommunityAction_Edit_ResultTable(CommunityEdit edit, string before, string values, string after)
    {
        var route = Route("10.0.0.0/8", Attrs(communities: before));
        var result = Apply(route, new CommunityAction(edit, [.. Words(values).Select(Communities.Parse)]));
        Assert.Equal(Words(after).Select(Communities.Parse), result.Attributes.Communities);
        Assert.Equal(before == after, ReferenceEquals(route.Attributes, result.Attributes));
    }

    [Theory]
    [InlineData(CommunityEdit.Add, "1:2:3", "1:2:4", "1:2:3 1:2:4")]
    [InlineData(CommunityEdit.Add, "1:2:3", "1:2:3", "1:2:3")]
    [InlineData(CommunityEdit.Remove, "1:2:3 1:2:4", "1:2:3", "1:2:4")]
    [InlineData(CommunityEdit.Replace, "1:2:3 1:2:4", "9:9:9", "9:9:9")]
    [InlineData(CommunityEdit.Replace, "1:2:3", "", "")]
    public void LargeCommunityAction_Edit_ResultTable(CommunityEdit edit, string before, string values, string after)
    {
        var route = Route("10.0.0.0/8", Attrs(largeCommunities: before));
        var result = Apply(route, new LargeCommunityAction(edit, [.. Words(values).Select(Communities.ParseLarge)]));
        Assert.Equal(Words(after).Select(Communities.ParseLarge), result.Attributes.LargeCommunities);
        Assert.Equal(before == after, ReferenceEquals(route.Attributes, result.Attributes));
    }

    [Theory]
    [InlineData("65001 65100", 1, null, "65000 65001 65100")]
    [InlineData("65001 65100", 3, null, "65000 65000 65000 65001 65100")]
    [InlineData("65001 65100", 2, 65001u, "65001 65001 65001 65100")]
    [InlineData("", 2, null, "65000 65000")]
    [InlineData("{65001 65002}", 1, null, "65000 {65001 65002}")]
    [InlineData("(65010) 65001", 1, null, "65000 (65010) 65001")]
    public void AsPathPrepend_Count_PrependsToLeadingSequence(string before, int count, uint? asn, string after)
    {
        var route = Route("10.0.0.0/8", Attrs(before));
        var result = Apply(route, new AsPathPrependAction(count, asn));
        Assert.Equal(ParsePath(after), result.Attributes.AsPath);
        Assert.True(result.Modified);
    }

    [Fact]
    public void AsPathPrepend_LeadingSequenceFull_StartsNewSegment()
    {
        var full = AsPath.FromSequence([.. Enumerable.Repeat(65001u, 254)]);
        var route = Route("10.0.0.0/8", Attrs() with { AsPath = full });
        var result = Apply(route, new AsPathPrependAction(2));
        var segments = result.Attributes.AsPath!.Segments;
        Assert.Equal(2, segments.Length);
        Assert.Equal([65000u, 65000u], segments[0].Asns.ToArray());
        Assert.Equal(254, segments[1].Asns.Length);
        Assert.Equal(256, result.Attributes.AsPath.DecisionLength);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(AsPathPrependAction.MaxCount + 1)]
    public void AsPathPrepend_CountOutOfRange_Refused(int count) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new AsPathPrependAction(count));

    [Theory]
    [InlineData("10.0.0.0/8", "192.0.2.1", null, "198.51.100.7", "198.51.100.7", "198.51.100.7", true)]
    [InlineData("10.0.0.0/8", "192.0.2.1", null, "192.0.2.1", "192.0.2.1", null, false)]
    [InlineData("2001:db8::/32", null, "2001:db8::1", "2001:db8::99", null, "2001:db8::99", true)]
    [InlineData("2001:db8::/32", null, "2001:db8::1", "2001:db8::1", null, "2001:db8::1", false)]
    public void SetNextHop_Address_SetsRouteNextHopAndIpv4Attribute(
        string prefix, string? attributeNextHop, string? contextNextHop, string address,
        string? expectedAttribute, string? expectedNextHop, bool changes)
    {
        var route = Route(prefix, Attrs(nextHop: attributeNextHop), nextHop: contextNextHop);
        var result = Apply(route, new SetNextHopAction(IPAddress.Parse(address)));
        Assert.Equal(expectedAttribute is null ? null : IPAddress.Parse(expectedAttribute), result.Attributes.NextHop);
        Assert.Equal(expectedNextHop is null ? null : IPAddress.Parse(expectedNextHop), result.NextHop);
        Assert.Equal(changes, result.Modified);
        Assert.False(result.NextHopSelf);
    }

    [Fact]
    public void SetNextHopSelf_Any_MarksForExportStageAndKeepsAttributes()
    {
        var route = Route("10.0.0.0/8");
        var result = Apply(route, SetNextHopAction.Self);
        Assert.True(result.NextHopSelf);
        Assert.True(result.Modified);
        Assert.Same(route.Attributes, result.Attributes);
        Assert.Null(result.NextHop);
    }

    [Fact]
    public void Actions_Several_ApplyInOrder()
    {
        var route = Route("10.0.0.0/8", Attrs(communities: "65000:1"));
        var result = Apply(route,
            new SetLocalPrefAction(300),
            new CommunityAction(CommunityEdit.Add, [Communities.Parse("65000:2")]),
            new CommunityAction(CommunityEdit.Remove, [Communities.Parse("65000:1")]),
            new SetMedAction(7),
            new AsPathPrependAction(1));
        Assert.Equal(300u, result.Attributes.LocalPref);
        Assert.Equal([Communities.Parse("65000:2")], result.Attributes.Communities.ToArray());
        Assert.Equal(7u, result.Attributes.MultiExitDisc);
        Assert.Equal(ParsePath("65000 65001 65100"), result.Attributes.AsPath);
    }

    [Fact]
    public void Actions_ThatCancelOut_ReturnTheInputInstance()
    {
        var route = Route("10.0.0.0/8", Attrs(communities: "65000:1"));
        var result = Apply(route,
            new CommunityAction(CommunityEdit.Add, [Communities.Parse("65000:2")]),
            new CommunityAction(CommunityEdit.Remove, [Communities.Parse("65000:2")]));
        Assert.Same(route.Attributes, result.Attributes);
        Assert.False(result.Modified);
    }
}
