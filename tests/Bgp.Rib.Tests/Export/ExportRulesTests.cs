using System.Net;
using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Rib.Export;
using static Bgp.Rib.Tests.Export.ExportKit;

namespace Bgp.Rib.Tests.Export;

public class ExportRulesTests
{
    /// <summary>One row per rule: the RFC clause, the route's source and attributes, the target, and the verdict.</summary>
    public static TheoryData<string, ExportSource, PathAttributes, ExportPeer, ExportVerdict> Verdicts() => new()
    {
        { "RFC 4271 9.2: an eBGP route goes to iBGP peers", FromEbgp(), RibTestKit.Attrs(), Ibgp(), ExportVerdict.Advertise },
        { "RFC 4271 9.2: an eBGP route goes to other eBGP peers", FromEbgp(), RibTestKit.Attrs(), Ebgp(), ExportVerdict.Advertise },
        { "RFC 4271 9.2: an iBGP route goes to eBGP peers", FromNonClient(), RibTestKit.Attrs(), Ebgp(), ExportVerdict.Advertise },
        { "RFC 4271 9.2: an iBGP route is not re-advertised to iBGP peers", FromNonClient(), RibTestKit.Attrs(), Ibgp(), ExportVerdict.InternalToInternal },
        { "RFC 4271 9.2: a local route goes to iBGP peers", Local, RibTestKit.Attrs(), Ibgp(), ExportVerdict.Advertise },
        { "never back to the peer it came from (eBGP)", FromEbgp(id: 10), RibTestKit.Attrs(), Ebgp(id: 10), ExportVerdict.SourcePeer },
        { "never back to the peer it came from (client)", FromClient(id: 20), RibTestKit.Attrs(), Ibgp(id: 20, client: true), ExportVerdict.SourcePeer },
        { "RFC 1997: NO_ADVERTISE to no eBGP peer", FromEbgp(), WithCommunity(WellKnownCommunity.NoAdvertise), Ebgp(), ExportVerdict.NoAdvertise },
        { "RFC 1997: NO_ADVERTISE to no iBGP peer either", FromEbgp(), WithCommunity(WellKnownCommunity.NoAdvertise), Ibgp(), ExportVerdict.NoAdvertise },
        { "RFC 1997: NO_EXPORT not to eBGP", FromEbgp(), WithCommunity(WellKnownCommunity.NoExport), Ebgp(), ExportVerdict.NoExport },
        { "RFC 1997: NO_EXPORT still inside the AS", FromEbgp(), WithCommunity(WellKnownCommunity.NoExport), Ibgp(), ExportVerdict.Advertise },
        { "RFC 1997: NO_EXPORT_SUBCONFED not to eBGP", Local, WithCommunity(WellKnownCommunity.NoExportSubconfed), Ebgp(), ExportVerdict.NoExportSubconfed },
        { "RFC 1997: NO_EXPORT_SUBCONFED still to iBGP", FromEbgp(), WithCommunity(WellKnownCommunity.NoExportSubconfed), Ibgp(), ExportVerdict.Advertise },
        { "RFC 4456 8: not reflected to its originator", FromClient(), RibTestKit.Attrs(originatorId: "10.0.0.9"), Ibgp(client: true) with { BgpId = Bgp.Protocol.RouterId.Parse("10.0.0.9") }, ExportVerdict.OriginatorIsPeer },
    };

    [Theory]
    [MemberData(nameof(Verdicts))]
    public void Check_RuleRow_GivesVerdict(string rule, ExportSource source, PathAttributes attributes, ExportPeer target, ExportVerdict expected)
    {
        Assert.True(expected == ExportRules.Check(source, target, attributes), rule);
    }

    [Fact]
    public void Rewrite_ToEbgp_PrependsOurAsSetsNextHopSelfDropsLocalPrefMedAndReflectionAttributes()
    {
        // RFC 4271 5.1.2, 5.1.3, 5.1.4, 5.1.5; RFC 4456 8 attributes stay inside the AS.
        var route = Route(RibTestKit.Attrs(RibTestKit.Path(65001, 65100), localPref: 200, med: 50, originatorId: "10.0.0.3", clusterListLength: 2));
        var verdict = ExportRules.Rewrite(Speaker, FromNonClient(), Ebgp(), Afi.Ipv4, route, out var a, out var nh, out _);
        Assert.Equal(ExportVerdict.Advertise, verdict);
        Assert.Equal(RibTestKit.Path(LocalAs, 65001, 65100), a.AsPath);
        Assert.Equal(SelfV4, a.NextHop);
        Assert.Equal(SelfV4, nh);
        Assert.Null(a.LocalPref);
        Assert.Null(a.MultiExitDisc);
        Assert.Null(a.OriginatorId);
        Assert.Empty(a.ClusterList);
    }

    [Fact]
    public void Rewrite_ToEbgpWithUnchangedNextHopAndMedPropagation_KeepsBoth()
    {
        // RFC 4271 5.1.3 (2) third-party next hop; 5.1.4 lets configuration override the MED default.
        var route = Route(RibTestKit.Attrs(med: 50, nextHop: "203.0.113.7"));
        var peer = Ebgp() with { NextHop = NextHopMode.Unchanged, PropagateMed = true };
        ExportRules.Rewrite(Speaker, FromEbgp(), peer, Afi.Ipv4, route, out var a, out _, out _);
        Assert.Equal(IPAddress.Parse("203.0.113.7"), a.NextHop);
        Assert.Equal(50u, a.MultiExitDisc);
    }

    [Fact]
    public void Rewrite_LocalRouteToEbgp_KeepsOwnMedAndStartsThePath()
    {
        // RFC 4271 5.1.4 only forbids passing on a MED learned from another AS; 5.1.2 (b) new AS_SEQUENCE.
        var route = Route(new PathAttributes { Origin = Origin.Igp, AsPath = AsPath.Empty, MultiExitDisc = 7 }, IPAddress.Any);
        ExportRules.Rewrite(Speaker, Local, Ebgp(), Afi.Ipv4, route, out var a, out var nh, out _);
        Assert.Equal(RibTestKit.Path(LocalAs), a.AsPath);
        Assert.Equal(7u, a.MultiExitDisc);
        Assert.Equal(SelfV4, nh);
    }

    [Fact]
    public void Rewrite_PathStartingWithAsSet_PrependsNewSequence()
    {
        // RFC 4271 5.1.2 (b): "prepend a new segment of type AS_SEQUENCE" when the first is an AS_SET.
        var route = Route(RibTestKit.Attrs(RibTestKit.Segments(RibTestKit.Set(1, 2))));
        ExportRules.Rewrite(Speaker, FromEbgp(), Ebgp(), Afi.Ipv4, route, out var a, out _, out _);
        Assert.Equal(RibTestKit.Segments(RibTestKit.Seq(LocalAs), RibTestKit.Set(1, 2)), a.AsPath);
    }

    [Fact]
    public void Rewrite_EbgpRouteToIbgp_AddsDefaultLocalPrefAndKeepsNextHopAndPath()
    {
        // RFC 4271 5.1.5: LOCAL_PREF in every UPDATE to internal peers; 5.1.3 (1): next hop not changed.
        var route = Route(RibTestKit.Attrs(med: 50, nextHop: "192.0.2.1"));
        ExportRules.Rewrite(Speaker, FromEbgp(), Ibgp(), Afi.Ipv4, route, out var a, out _, out _);
        Assert.Equal(100u, a.LocalPref);
        Assert.Equal(IPAddress.Parse("192.0.2.1"), a.NextHop);
        Assert.Equal(RibTestKit.Path(65001, 65100), a.AsPath);
        Assert.Equal(50u, a.MultiExitDisc);
        Assert.Null(a.OriginatorId);
        Assert.Empty(a.ClusterList);
    }

    [Fact]
    public void Rewrite_ToIbgpWithNextHopSelf_UsesOurAddressAndKeepsLocalPref()
    {
        // RFC 4271 5.1.3 (1): unless "explicitly configured to announce its own IP address".
        var route = Route(RibTestKit.Attrs(localPref: 300));
        ExportRules.Rewrite(Speaker, FromEbgp(), Ibgp() with { NextHop = NextHopMode.Self }, Afi.Ipv4, route, out var a, out _, out _);
        Assert.Equal(SelfV4, a.NextHop);
        Assert.Equal(300u, a.LocalPref);
    }

    [Fact]
    public void Rewrite_Ipv6ToEbgp_NextHopSelfWithLinkLocalAndNoNextHopAttribute()
    {
        // RFC 4760 3 / RFC 2545 3: the IPv6 next hop (global, then link-local) lives in MP_REACH_NLRI.
        var route = Route(RibTestKit.Attrs() with { NextHop = null }, IPAddress.Parse("2001:db8:5::5"));
        var verdict = ExportRules.Rewrite(Speaker, FromEbgp(), Ebgp(), Afi.Ipv6, route, out var a, out var nh, out var ll);
        Assert.Equal(ExportVerdict.Advertise, verdict);
        Assert.Null(a.NextHop);
        Assert.Equal(SelfV6, nh);
        Assert.Equal(SelfLinkLocal, ll);
    }

    [Fact]
    public void Rewrite_NoLocalAddressForFamily_IsNoNextHop()
    {
        var route = Route(RibTestKit.Attrs());
        var verdict = ExportRules.Rewrite(Speaker, FromEbgp(), Ebgp() with { LocalAddressV4 = null }, Afi.Ipv4, route, out _, out _, out _);
        Assert.Equal(ExportVerdict.NoNextHop, verdict);
    }

    [Fact]
    public void Rewrite_UnknownAttributes_DropsNonTransitiveMarksTransitivePartial()
    {
        // RFC 4271 5 / 9.1.2: unrecognized optional transitive attributes pass with Partial set; non-transitive go.
        var transitive = new RawAttribute(AttributeFlags.Optional | AttributeFlags.Transitive, 99, [1, 2]);
        var nonTransitive = new RawAttribute(AttributeFlags.Optional, 98, [3]);
        var route = Route(RibTestKit.Attrs() with { Unknown = [transitive, nonTransitive] });
        ExportRules.Rewrite(Speaker, FromEbgp(), Ebgp(), Afi.Ipv4, route, out var a, out _, out _);
        var kept = Assert.Single(a.Unknown);
        Assert.Equal(99, kept.TypeCode);
        Assert.True((kept.Flags & AttributeFlags.Partial) != 0);
    }

    [Fact]
    public void Rewrite_As4PathFromOldSpeaker_MergedBeforePrepend()
    {
        // RFC 6793 4.2.3: AS_TRANS in AS_PATH is replaced from AS4_PATH; what we send holds the real path.
        var route = Route(RibTestKit.Attrs(RibTestKit.Path(BgpConstants.AsTrans, 65100)) with { As4Path = RibTestKit.Path(4200000001, 65100) });
        ExportRules.Rewrite(Speaker, FromEbgp(), Ebgp(), Afi.Ipv4, route, out var a, out _, out _);
        Assert.Equal(RibTestKit.Path(LocalAs, 4200000001, 65100), a.AsPath);
        Assert.Null(a.As4Path);
    }

    [Fact]
    public void Export_ManyPrefixesSameSet_ShareOneInstanceAndAllocateOnlyOnce()
    {
        var interner = new ExportInterner();
        var exporter = new PeerExporter(Speaker, Ebgp(), interner);
        var route = Route(RibTestKit.Attrs());
        exporter.Export(FromEbgp(), Afi.Ipv4, route, out var first);
        exporter.Export(FromEbgp(), Afi.Ipv4, route, out var second);
        var other = Route(RibTestKit.Attrs());
        exporter.Export(FromEbgp(), Afi.Ipv4, other, out var third);
        Assert.Same(first, second);
        Assert.Same(first, third);
        Assert.Equal(1, interner.Count);
        var source = FromEbgp();
        // The first thousand calls allocate 264 bytes once (runtime state while the method tiers up, measured
        // as 264, 0, 0, 0 over four rounds); the steady state is what must allocate nothing.
        ExportRepeatedly(exporter, interner, source, route);
        long before = GC.GetAllocatedBytesForCurrentThread();
        ExportRepeatedly(exporter, interner, source, route);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static void ExportRepeatedly(PeerExporter exporter, ExportInterner interner, ExportSource source, RouteAttributes route)
    {
        for (int i = 0; i < 1000; i++)
        {
            exporter.Export(source, Afi.Ipv4, route, out var e);
            interner.Release(e!);
        }
    }
    [Fact]
    public void Export_LastSetReleasedToZero_InternsAFreshSetInsteadOfTheDeadOne()
    {
        // The exporter remembers its last answer; once every reference to it went, the interner dropped it.
        var interner = new ExportInterner();
        var exporter = new PeerExporter(Speaker, Ebgp(), interner);
        var route = Route(RibTestKit.Attrs());
        exporter.Export(FromEbgp(), Afi.Ipv4, route, out var dead);
        interner.Release(dead!);
        var verdict = exporter.Export(FromEbgp(), Afi.Ipv4, route, out var fresh);
        Assert.Equal(ExportVerdict.Advertise, verdict);
        Assert.NotSame(dead, fresh);
        Assert.Equal(1, fresh!.ReferenceCount);
        Assert.Equal(1, interner.Count);
    }

    [Fact]
    public void Export_SharedMemoCleared_LastAnswerNotUsedAndMemoRefilled()
    {
        // The remembered answer is a view of the shared memo: after the memo is emptied the next export goes
        // back to it (and fills it again for the other peers of the class) instead of answering from the side.
        var interner = new ExportInterner();
        var memo = new ExportMemo();
        var exporter = new PeerExporter(Speaker, Ebgp(), interner, memo);
        var route = Route(RibTestKit.Attrs());
        exporter.Export(FromEbgp(), Afi.Ipv4, route, out var first);
        memo.Clear();
        Assert.False(memo.TryGet(route, FromEbgp(), Afi.Ipv4, out _));
        exporter.Export(FromEbgp(), Afi.Ipv4, route, out var second);
        Assert.Same(first, second);
        Assert.True(memo.TryGet(route, FromEbgp(), Afi.Ipv4, out var refilled));
        Assert.Same(first, refilled);
        Assert.Equal(2, first!.ReferenceCount);
    }

    [Fact]
    public void Export_SameSetDifferentFamilySourceKindOrSourceId_NotAnsweredByTheLastOne()
    {
        // Every field of the source takes part in the last-answer check: the peer id is split horizon
        // (RFC 4271 9.2, never back to where it came from), the family picks the next hop
        // (RFC 4760), the source kind whether our MED goes out (RFC 4271 5.1.4), the source's BGP Identifier
        // the ORIGINATOR_ID a reflector sets (RFC 4456 8).
        var interner = new ExportInterner();
        var route = Route(RibTestKit.Attrs(med: 50));
        var ebgp = new PeerExporter(Speaker, Ebgp(id: 10), interner);
        Assert.Equal(ExportVerdict.Advertise, ebgp.Export(FromEbgp(id: 1), Afi.Ipv4, route, out _));
        Assert.Equal(ExportVerdict.SourcePeer, ebgp.Export(FromEbgp(id: 10), Afi.Ipv4, route, out _));
        ebgp.Export(FromEbgp(), Afi.Ipv4, route, out var v4);
        ebgp.Export(FromEbgp(), Afi.Ipv6, route, out var v6);
        Assert.NotEqual(v4!.NextHop, v6!.NextHop);
        var external = new ExportSource(ExportSource.LocalPeerId, SourceKind.External, OurRouterId);
        ebgp.Export(Local, Afi.Ipv4, route, out var local);
        ebgp.Export(external, Afi.Ipv4, route, out var fromExternal);
        Assert.Equal(50u, local!.Attributes.MultiExitDisc);
        Assert.Null(fromExternal!.Attributes.MultiExitDisc);
        var client = new PeerExporter(Speaker, Ibgp(client: true), interner);
        client.Export(FromClient(id: 3), Afi.Ipv4, route, out var fromOne);
        client.Export(FromClient(id: 3) with { BgpId = Bgp.Protocol.RouterId.Parse("10.0.0.4") }, Afi.Ipv4, route, out var fromOther);
        Assert.Equal(Bgp.Protocol.RouterId.Parse("10.0.0.3"), fromOne!.Attributes.OriginatorId);
        Assert.Equal(Bgp.Protocol.RouterId.Parse("10.0.0.4"), fromOther!.Attributes.OriginatorId);
    }
}
