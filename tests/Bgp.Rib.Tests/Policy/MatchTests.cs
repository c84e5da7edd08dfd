using System.Collections.Immutable;
using System.Net;
using Bgp.Protocol;
using Bgp.Rib.Policy;
using static Bgp.Rib.Tests.Policy.PolicyTestKit;

namespace Bgp.Rib.Tests.Policy;

/// <summary>One table per kind of condition: the condition, a route, and whether it matches.</summary>
public sealed class MatchTests
{
    [Theory]
    [InlineData("10.0.0.0/8", "10.0.0.0/8", true)]
    [InlineData("10.0.0.0/8", "10.1.0.0/16", false)]
    [InlineData("10.0.0.0/8 orlonger", "10.1.0.0/16", true)]
    [InlineData("10.0.0.0/8 orlonger", "10.0.0.0/8", true)]
    [InlineData("10.0.0.0/8 orlonger", "11.0.0.0/16", false)]
    [InlineData("10.0.0.0/8 orlonger", "10.0.0.0/7", false)]
    [InlineData("10.0.0.0/8 longer", "10.0.0.0/8", false)]
    [InlineData("10.0.0.0/8 longer", "10.0.0.0/9", true)]
    [InlineData("10.0.0.0/8 le 24 ge 16", "10.1.0.0/16", true)]
    [InlineData("10.0.0.0/8 le 24 ge 16", "10.1.2.0/24", true)]
    [InlineData("10.0.0.0/8 le 24 ge 16", "10.1.0.0/15", false)]
    [InlineData("10.0.0.0/8 le 24 ge 16", "10.1.2.0/25", false)]
    [InlineData("10.0.0.0/8 ge 24", "10.1.2.3/32", true)]
    [InlineData("10.0.0.0/8 le 12", "10.0.0.0/8", true)]
    [InlineData("10.0.0.0/8 le 12", "10.0.0.0/13", false)]
    [InlineData("0.0.0.0/0", "0.0.0.0/0", true)]
    [InlineData("0.0.0.0/0", "10.0.0.0/8", false)]
    [InlineData("0.0.0.0/0 le 32", "10.1.2.3/32", true)]
    [InlineData("0.0.0.0/0 le 32", "::/0", false)]
    [InlineData("2001:db8::/32 orlonger", "2001:db8:1::/48", true)]
    [InlineData("2001:db8::/32 orlonger", "2001:db9::/48", false)]
    [InlineData("2001:db8::/32 ge 48 le 64", "2001:db8:0:1::/64", true)]
    [InlineData("2001:db8::/32 ge 48 le 64", "2001:db8::/47", false)]
    [InlineData("2001:db8::/32 ge 48 le 64", "2001:db8::/65", false)]
    [InlineData("::/0 le 128", "2001:db8::1/128", true)]
    [InlineData("::/0 le 128", "10.0.0.0/8", false)]
    [InlineData("2001:db8::1/128", "2001:db8::1/128", true)]
    [InlineData("10.0.0.0/8{16,24}", "10.1.0.0/16", true)]
    [InlineData("10.0.0.0/8+", "10.255.255.255/32", true)]
    public void PrefixMatch_Range_MatchesTable(string range, string prefix, bool expected)
    {
        var match = new PrefixMatch(PrefixRange.Parse(range));
        Assert.Equal(expected, match.Matches(Route(prefix)));
        // The list form must agree with the single range.
        Assert.Equal(expected, new PrefixListMatch(new PrefixList("l", [PrefixRange.Parse(range)])).Matches(Route(prefix)));
    }

    [Theory]
    [InlineData("10.1.2.0/24", true)]
    [InlineData("10.1.0.0/16", false)]
    [InlineData("192.168.5.0/24", true)]
    [InlineData("192.168.5.128/25", true)]
    [InlineData("192.168.0.0/16", false)]
    [InlineData("172.16.0.0/12", true)]
    [InlineData("172.16.0.0/13", false)]
    [InlineData("2001:db8:5::/48", true)]
    [InlineData("2001:db8::/32", false)]
    [InlineData("0.0.0.0/0", false)]
    public void PrefixListMatch_SeveralRangesBothFamilies_MatchesTable(string prefix, bool expected)
    {
        var list = new PrefixList("customers",
        [
            PrefixRange.Parse("10.1.2.0/24"),
            PrefixRange.Parse("192.168.0.0/16 ge 24 le 25"),
            PrefixRange.Parse("172.16.0.0/12"),
            PrefixRange.Parse("2001:db8::/32 ge 48 le 48"),
        ]);
        Assert.Equal(expected, new PrefixListMatch(list).Matches(Route(prefix)));
    }

    [Fact]
    public void PrefixList_SamePrefixTwoRanges_UnionOfLengths()
    {
        var list = new PrefixList("l", [PrefixRange.Parse("10.0.0.0/8 ge 16 le 16"), PrefixRange.Parse("10.0.0.0/8 ge 24 le 24")]);
        Assert.True(list.Contains(Prefix.Parse("10.1.0.0/16")));
        Assert.True(list.Contains(Prefix.Parse("10.1.1.0/24")));
        Assert.False(list.Contains(Prefix.Parse("10.1.0.0/20")));
    }

    [Theory]
    [InlineData(Afi.Ipv4, "10.0.0.0/8", true)]
    [InlineData(Afi.Ipv4, "2001:db8::/32", false)]
    [InlineData(Afi.Ipv6, "2001:db8::/32", true)]
    [InlineData(Afi.Ipv6, "0.0.0.0/0", false)]
    public void FamilyMatch_Family_MatchesTable(Afi family, string prefix, bool expected) =>
        Assert.Equal(expected, new FamilyMatch(family).Matches(Route(prefix)));

    [Theory]
    [InlineData("contains", 65002u, "65001 65002 65003", true)]
    [InlineData("contains", 65009u, "65001 65002 65003", false)]
    [InlineData("contains", 65005u, "65001 {65004 65005}", true)]
    [InlineData("contains", 65001u, "", false)]
    [InlineData("origin", 65003u, "65001 65002 65003", true)]
    [InlineData("origin", 65001u, "65001 65002 65003", false)]
    [InlineData("origin", 65005u, "65001 {65004 65005}", false)]
    [InlineData("origin", 65001u, "65001", true)]
    [InlineData("origin", 0u, "", false)]
    [InlineData("neighbor", 65001u, "65001 65002 65003", true)]
    [InlineData("neighbor", 65002u, "65001 65002 65003", false)]
    [InlineData("neighbor", 65001u, "(65010) 65001 65002", true)]
    [InlineData("neighbor", 65010u, "(65010) 65001 65002", false)]
    [InlineData("neighbor", 0u, "", false)]
    public void AsPathMatches_Asn_MatchesTable(string kind, uint asn, string path, bool expected)
    {
        RouteMatch match = kind switch
        {
            "contains" => new AsPathContainsMatch(asn),
            "origin" => new OriginAsMatch(asn),
            _ => new NeighborAsMatch(asn),
        };
        Assert.Equal(expected, match.Matches(Route("10.0.0.0/8", Attrs(path))));
    }

    [Theory]
    [InlineData(0, 0, "", true)]
    [InlineData(0, 0, "65001", false)]
    [InlineData(1, 3, "65001 65002 65003", true)]
    [InlineData(1, 2, "65001 65002 65003", false)]
    [InlineData(2, 2, "65001 {65002 65003 65004}", true)]
    [InlineData(1, 1, "(65010 65011) 65001", true)]
    [InlineData(4, 10, "65001 65001 65001", false)]
    public void AsPathLengthMatch_Range_CountsAsTheDecisionDoes(int min, int max, string path, bool expected) =>
        Assert.Equal(expected, new AsPathLengthMatch(min, max).Matches(Route("10.0.0.0/8", Attrs(path))));

    [Theory]
    [InlineData("65000:100", MatchMode.Any, "65000:100 65000:200", true)]
    [InlineData("65000:300", MatchMode.Any, "65000:100 65000:200", false)]
    [InlineData("65000:300 65000:200", MatchMode.Any, "65000:100 65000:200", true)]
    [InlineData("65000:100 65000:200", MatchMode.All, "65000:100 65000:200", true)]
    [InlineData("65000:100 65000:300", MatchMode.All, "65000:100 65000:200", false)]
    [InlineData("no-export", MatchMode.Any, "65535:65281", true)]
    [InlineData("no-advertise", MatchMode.Any, "no-export", false)]
    [InlineData("no-advertise", MatchMode.Any, "no-advertise", true)]
    [InlineData("65000:100", MatchMode.Any, "", false)]
    public void CommunityMatch_Values_MatchesTable(string values, MatchMode mode, string carried, bool expected)
    {
        var match = new CommunityMatch([.. Words(values).Select(Communities.Parse)], mode);
        Assert.Equal(expected, match.Matches(Route("10.0.0.0/8", Attrs(communities: carried))));
    }

    [Theory]
    [InlineData("65000:1:2", MatchMode.Any, "65000:1:2 65000:1:3", true)]
    [InlineData("65000:1:4", MatchMode.Any, "65000:1:2 65000:1:3", false)]
    [InlineData("65000:1:2 65000:1:3", MatchMode.All, "65000:1:3 65000:1:2", true)]
    [InlineData("65000:1:2 65000:1:4", MatchMode.All, "65000:1:2 65000:1:3", false)]
    [InlineData("4200000000:0:0", MatchMode.Any, "4200000000:0:0", true)]
    public void LargeCommunityMatch_Values_MatchesTable(string values, MatchMode mode, string carried, bool expected)
    {
        var match = new LargeCommunityMatch([.. Words(values).Select(Communities.ParseLarge)], mode);
        Assert.Equal(expected, match.Matches(Route("10.0.0.0/8", Attrs(largeCommunities: carried))));
    }

    [Theory]
    [InlineData("192.0.2.1/32", "192.0.2.1", null, true)]
    [InlineData("192.0.2.1/32", "192.0.2.2", null, false)]
    [InlineData("192.0.2.0/24", "192.0.2.77", null, true)]
    [InlineData("2001:db8::/64", "192.0.2.1", "2001:db8::1", true)]
    [InlineData("192.0.2.0/24", "192.0.2.1", "2001:db8::1", false)]
    [InlineData("192.0.2.0/24", null, null, false)]
    public void NextHopMatch_Range_MatchesTable(string range, string? attributeNextHop, string? contextNextHop, bool expected)
    {
        var route = Route("10.0.0.0/8", Attrs(nextHop: attributeNextHop), nextHop: contextNextHop);
        Assert.Equal(expected, new NextHopMatch(Prefix.Parse(range)).Matches(route));
    }

    [Theory]
    [InlineData("192.0.2.1/32", "192.0.2.1", true)]
    [InlineData("192.0.2.0/24", "192.0.2.9", true)]
    [InlineData("192.0.2.0/24", "198.51.100.1", false)]
    [InlineData("192.0.2.0/24", "::ffff:192.0.2.9", true)]
    [InlineData("2001:db8::/32", "2001:db8::2", true)]
    [InlineData("2001:db8::/32", "192.0.2.1", false)]
    public void PeerAddressMatch_Range_MatchesTable(string range, string peer, bool expected)
    {
        var route = Route("10.0.0.0/8", source: RouteSource.Ebgp(IPAddress.Parse(peer), 65001));
        Assert.Equal(expected, new PeerAddressMatch(Prefix.Parse(range)).Matches(route));
    }

    [Fact]
    public void SourceMatches_LocalRoute_NoPeerConditionMatches()
    {
        var route = Route("10.244.1.0/26", Attrs(""), RouteSource.Local);
        Assert.False(new PeerAddressMatch(Prefix.Parse("0.0.0.0/0")).Matches(route));
        Assert.False(new PeerAsMatch(0).Matches(route));
        Assert.True(new SourceKindMatch(RouteSourceKind.Local).Matches(route));
    }

    [Theory]
    [InlineData(65001u, RouteSourceKind.Ebgp, 65001u, RouteSourceKind.Ebgp, true)]
    [InlineData(65002u, RouteSourceKind.Ebgp, 65001u, RouteSourceKind.Ebgp, false)]
    [InlineData(65000u, RouteSourceKind.Ibgp, 65000u, RouteSourceKind.Ibgp, true)]
    [InlineData(65000u, RouteSourceKind.Ebgp, 65000u, RouteSourceKind.Ibgp, false)]
    public void PeerAsAndSourceKind_Peer_MatchesTable(uint peerAs, RouteSourceKind kind, uint matchAs, RouteSourceKind matchKind, bool expected)
    {
        var route = Route("10.0.0.0/8", source: new RouteSource(EbgpPeer, peerAs, kind));
        Assert.Equal(expected, new PeerAsMatch(matchAs).Matches(route) && new SourceKindMatch(matchKind).Matches(route));
    }

    [Fact]
    public void NotMatch_Inner_Negates()
    {
        var inner = new CommunityMatch([Communities.Parse("no-export")]);
        Assert.True(new NotMatch(inner).Matches(Route("10.0.0.0/8")));
        Assert.False(new NotMatch(inner).Matches(Route("10.0.0.0/8", Attrs(communities: "no-export"))));
    }

    [Fact]
    public void ListConditions_EqualContents_AreEqualRecords()
    {
        Assert.Equal(new CommunityMatch([1u, 2u]), new CommunityMatch(ImmutableArray.Create(1u, 2u)));
        Assert.NotEqual(new CommunityMatch([1u, 2u]), new CommunityMatch([1u, 2u], MatchMode.All));
        Assert.Equal(new PrefixMatch(PrefixRange.Parse("10.0.0.0/8 le 24")), new PrefixMatch(PrefixRange.Parse("10.0.0.0/8 ge 8 le 24")));
    }
}
