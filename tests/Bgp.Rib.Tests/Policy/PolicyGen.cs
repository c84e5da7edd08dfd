using System.Collections.Immutable;
using System.Net;
using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Rib.Policy;
using Bgp.Testing.Arbitraries;
using FsCheck;
using FsCheck.Fluent;

namespace Bgp.Rib.Tests.Policy;

/// <summary>
/// Generators of routes and filters for the policy properties. Route values come from the shared
/// <see cref="BgpGen"/>; the policy model lives in Bgp.Rib, which Bgp.Testing does not reference, so the
/// filter generators live here. Conditions draw from small pools of values that the routes also use, so
/// that terms match often enough for the properties to exercise first-match and fall-through.
/// </summary>
internal static class PolicyGen
{
    private static readonly uint[] Asns = [65001, 65002, 65100];
    private static readonly uint[] CommunityPool = [0xFDE80001, 0xFDE80002, WellKnownCommunity.NoExport];
    private static readonly LargeCommunity[] LargePool = [new(65000, 1, 1), new(65000, 1, 2)];
    private static readonly Prefix[] Bases = [Prefix.Parse("10.0.0.0/8"), Prefix.Parse("10.1.0.0/16"), Prefix.Parse("2001:db8::/32"), Prefix.Parse("0.0.0.0/0")];

    public static Gen<Prefix> PrefixNear =>
        Gen.Frequency(
            (1, BgpGen.AnyPrefix),
            (3, from b in Gen.Elements(Bases)
                from extra in Gen.Choose(0, 16)
                from bits in BgpGen.UInt64
                select Inside(b, Math.Min(b.MaxLength, b.Length + extra), bits)));

    /// <summary>A prefix of <paramref name="length"/> inside <paramref name="outer"/>, the remaining bits from <paramref name="bits"/>.</summary>
    public static Prefix Inside(Prefix outer, int length, ulong bits)
    {
        if (!outer.IsIpv6)
        {
            uint mask = outer.Length == 0 ? 0 : uint.MaxValue << (32 - outer.Length);
            return Prefix.V4((outer.Ipv4Bits & mask) | ((uint)(bits >> 32) & ~mask), length);
        }
        ulong hiMask = outer.Length == 0 ? 0 : outer.Length >= 64 ? ulong.MaxValue : ulong.MaxValue << (64 - outer.Length);
        ulong loMask = outer.Length <= 64 ? 0 : outer.Length == 128 ? ulong.MaxValue : ulong.MaxValue << (128 - outer.Length);
        return Prefix.V6((outer.High & hiMask) | (bits & ~hiMask), (outer.Low & loMask) | (bits & ~loMask), length);
    }

    public static Gen<PathAttributes> Attributes =>
        from basis in BgpGen.Attributes(CodecOptions.FourOctet, mandatory: true, nextHop: true)
        from path in Gen.Elements("", "65001", "65001 65100", "65002 65001 65100").Select(PolicyTestKit.ParsePath)
        from communities in BgpGen.ImmutableOf(Gen.Elements(CommunityPool), 0, 3)
        from large in BgpGen.ImmutableOf(Gen.Elements(LargePool), 0, 2)
        from lp in Gen.Elements<uint?>(null, 100u, 200u)
        select basis with { AsPath = path, Communities = communities, LargeCommunities = large, LocalPref = lp };

    public static Gen<RouteContext> Route =>
        from prefix in PrefixNear
        from attributes in Attributes
        from kind in Gen.Elements(RouteSourceKind.Ebgp, RouteSourceKind.Ibgp, RouteSourceKind.Local)
        from asn in Gen.Elements(Asns)
        from v6NextHop in BgpGen.Ipv6Address
        select new RouteContext(prefix, attributes, prefix.IsIpv6 ? v6NextHop : null,
            kind == RouteSourceKind.Local ? RouteSource.Local : new RouteSource(IPAddress.Parse("192.0.2.1"), asn, kind), PolicyTestKit.LocalAs);

    public static Gen<PrefixRange> Range =>
        from p in PrefixNear
        from a in Gen.Choose(0, 16)
        from b in Gen.Choose(0, 16)
        let min = Math.Min(p.MaxLength, p.Length + Math.Min(a, b))
        let max = Math.Min(p.MaxLength, p.Length + Math.Max(a, b))
        select new PrefixRange(p, min, max);

    public static Gen<RouteMatch> Match => Gen.OneOf(
        Range.Select(r => (RouteMatch)new PrefixMatch(r)),
        BgpGen.ArrayOf(Range, 1, 6).Select(r => (RouteMatch)new PrefixListMatch(new PrefixList("l", r))),
        Gen.Elements(Afi.Ipv4, Afi.Ipv6).Select(f => (RouteMatch)new FamilyMatch(f)),
        Gen.Elements(Asns).Select(a => (RouteMatch)new AsPathContainsMatch(a)),
        Gen.Elements(Asns).Select(a => (RouteMatch)new OriginAsMatch(a)),
        Gen.Elements(Asns).Select(a => (RouteMatch)new NeighborAsMatch(a)),
        Gen.Choose(0, 3).Select(n => (RouteMatch)new AsPathLengthMatch(n, n + 1)),
        Gen.Elements("^65001", "65100$", "^65002 .* 65100$", "^$").Select(p => (RouteMatch)new AsPathRegexMatch(AsPathPattern.Parse(p))),
        from c in BgpGen.ImmutableOf(Gen.Elements(CommunityPool), 1, 2)
        from mode in Gen.Elements(MatchMode.Any, MatchMode.All)
        select (RouteMatch)new CommunityMatch(c, mode),
        BgpGen.ImmutableOf(Gen.Elements(LargePool), 1, 2).Select(c => (RouteMatch)new LargeCommunityMatch(c)),
        Gen.Elements(RouteSourceKind.Ebgp, RouteSourceKind.Ibgp, RouteSourceKind.Local).Select(k => (RouteMatch)new SourceKindMatch(k)),
        Gen.Elements(Asns).Select(a => (RouteMatch)new PeerAsMatch(a)));

    public static Gen<RouteAction> Modifier => Gen.OneOf(
        Gen.Elements(100u, 200u, 300u).Select(v => (RouteAction)new SetLocalPrefAction(v)),
        Gen.Elements<uint?>(null, 0u, 10u).Select(v => (RouteAction)new SetMedAction(v)),
        from edit in Gen.Elements(CommunityEdit.Add, CommunityEdit.Remove, CommunityEdit.Replace)
        from values in BgpGen.ImmutableOf(Gen.Elements(CommunityPool), 0, 2)
        select (RouteAction)new CommunityAction(edit, values),
        from edit in Gen.Elements(CommunityEdit.Add, CommunityEdit.Remove, CommunityEdit.Replace)
        from values in BgpGen.ImmutableOf(Gen.Elements(LargePool), 0, 2)
        select (RouteAction)new LargeCommunityAction(edit, values),
        from n in Gen.Choose(1, 3)
        from asn in Gen.Elements<uint?>(null, 65001u)
        select (RouteAction)new AsPathPrependAction(n, asn),
        Gen.Elements(SetNextHopAction.Self, new SetNextHopAction(IPAddress.Parse("198.51.100.1")), new SetNextHopAction(IPAddress.Parse("2001:db8::99"))).Select(a => (RouteAction)a));

    public static Gen<PolicyTerm> Term(Gen<RouteMatch> match) =>
        from name in Gen.Choose(0, 999).Select(i => $"t{i}")
        from matches in BgpGen.ArrayOf(match, 0, 3)
        from modifiers in BgpGen.ArrayOf(Modifier, 0, 3)
        from final in Gen.Elements<RouteAction?>(null, RouteAction.Accept, RouteAction.Reject)
        select new PolicyTerm(name, [.. matches], final is null ? [.. modifiers] : [.. modifiers, final]);

    public static Gen<Filter> Filter =>
        from terms in BgpGen.ArrayOf(Term(Match), 0, 5)
        from verdict in Gen.Elements(PolicyVerdict.Accept, PolicyVerdict.Reject)
        select new Filter("f", [.. terms], verdict);
}
