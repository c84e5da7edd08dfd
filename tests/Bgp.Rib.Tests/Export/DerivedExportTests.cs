using System.Buffers;
using System.Net;
using System.Runtime.CompilerServices;
using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Codec;
using Bgp.Rib.Export;
using Bgp.Testing.Arbitraries;
using FsCheck.Xunit;
using static Bgp.Rib.Tests.Export.ExportKit;

namespace Bgp.Rib.Tests.Export;

/// <summary>
/// A set exported to an external peer keeps its Loc-RIB set and the external rewrite (ExportDerivation) instead of
/// rewritten attributes of its own, and makes them again when asked. What it sends must be exactly what the
/// rewrite makes, however often the process-wide cache of made attributes forgot them, and it must intern as one
/// with an explicit set of the same values.
/// </summary>
public class DerivedExportTests
{
    [Property(Arbitrary = [typeof(BgpArbitraries)], MaxTest = 500)]
    public void Export_ExternalPeerAnySet_AttributesAndUpdatesAreTheRewrites(PathAttributes attributes, bool ipv6, bool fromLocal)
    {
        var afi = ipv6 ? Afi.Ipv6 : Afi.Ipv4;
        var route = Route(attributes, ipv6 ? IPAddress.Parse("2001:db8:1::1") : IPAddress.Parse("192.0.2.1"));
        var source = fromLocal ? Local : FromEbgp();
        var peer = Ebgp();
        var verdict = ExportRules.Rewrite(Speaker, source, peer, afi, route, out var expected, out var nextHop, out var linkLocal);
        if (verdict != ExportVerdict.Advertise || ExportRules.Check(source, peer, route.Attributes) != ExportVerdict.Advertise) return;

        var interner = new ExportInterner();
        Assert.Equal(ExportVerdict.Advertise, new PeerExporter(Speaker, peer, interner).Export(source, afi, route, out var exported));
        Assert.True(exported!.IsDerived);
        Assert.Equal(expected, exported.Attributes);
        ExportedRoute.ForgetMadeAttributes();
        Assert.Equal(expected, exported.Attributes);

        // The UPDATE bytes too, against a set that keeps the rewritten attributes as they are.
        var explicitSet = new ExportInterner().Intern(afi, expected, nextHop, linkLocal);
        Assert.False(explicitSet.IsDerived);
        foreach (var options in new[] { CodecOptions.FourOctet, CodecOptions.Default })
        {
            ExportedRoute.ForgetMadeAttributes();
            Assert.Equal(Pack(explicitSet, options), Pack(exported, options));
            Assert.Equal(explicitSet.FixedLength(options), exported.FixedLength(options));
        }
    }

    [Fact]
    public void Export_ExternalPeer_KeepsTheLocRibSetInsteadOfACopy()
    {
        var route = Route(RibTestKit.Attrs(RibTestKit.Path(65001, 65002)));
        new PeerExporter(Speaker, Ebgp(), new ExportInterner()).Export(FromEbgp(), Afi.Ipv4, route, out var exported);

        Assert.Same(route.Attributes, exported!.DerivedFrom);
        Assert.Equal([LocalAs, 65001u, 65002u], exported.Attributes.AsPath!.Asns.ToArray());
        Assert.Equal(SelfV4, exported.Attributes.NextHop);
    }

    [Fact]
    public void Export_As4PathFromOldSpeaker_MadeAgainWithTheMergedPath()
    {
        // The property's generated sets never carry AS4_PATH (they are 4-octet sets), so the merge (RFC 6793 4.2.3)
        // a derived set must keep in its source is pinned here: made again, the set holds the real path, no AS4_PATH.
        var route = Route(RibTestKit.Attrs(RibTestKit.Path(BgpConstants.AsTrans, 65100)) with { As4Path = RibTestKit.Path(4200000001, 65100) });
        new PeerExporter(Speaker, Ebgp(), new ExportInterner()).Export(FromEbgp(), Afi.Ipv4, route, out var exported);
        ExportedRoute.ForgetMadeAttributes();

        Assert.True(exported!.IsDerived);
        Assert.Equal(RibTestKit.Path(LocalAs, 4200000001, 65100), exported.Attributes.AsPath);
        Assert.Null(exported.Attributes.As4Path);
    }

    [Fact]
    public void Export_InternalPeer_KeepsItsOwnAttributes()
    {
        // Towards iBGP the rewrite adds LOCAL_PREF and reflection attributes; those sets stay explicit.
        var route = Route(RibTestKit.Attrs(RibTestKit.Path(65001)));
        new PeerExporter(Speaker, Ibgp(client: true), new ExportInterner()).Export(FromEbgp(), Afi.Ipv4, route, out var exported);

        Assert.False(exported!.IsDerived);
        Assert.Null(exported.DerivedFrom);
    }

    [Fact]
    public void Intern_ExplicitSetEqualToADerivedOne_IsTheDerivedInstance()
    {
        var interner = new ExportInterner();
        var route = Route(RibTestKit.Attrs(RibTestKit.Path(65001)));
        new PeerExporter(Speaker, Ebgp(), interner).Export(FromEbgp(), Afi.Ipv4, route, out var derived);
        ExportedRoute.ForgetMadeAttributes();

        var same = interner.Intern(Afi.Ipv4, derived!.Attributes with { }, SelfV4);

        Assert.Same(derived, same);
        Assert.Equal(2, derived.ReferenceCount);
        Assert.Equal(1, interner.Count);
    }

    [Fact]
    public void Export_DerivedValuesOfAnExplicitSetInterned_GetsTheExplicitInstance()
    {
        // A set that differs only in what the external rewrite drops (here LOCAL_PREF) exports to the same values,
        // so it shares the set another route's export made, derived or not.
        var interner = new ExportInterner();
        var exporter = new PeerExporter(Speaker, Ebgp(), interner);
        var plain = RibTestKit.Attrs(RibTestKit.Path(65001));
        exporter.Export(FromEbgp(), Afi.Ipv4, Route(plain), out var first);
        exporter.Export(FromEbgp(), Afi.Ipv4, Route(plain with { LocalPref = 300 }), out var second);

        Assert.Same(first, second);
        Assert.Equal(1, interner.Count);
    }

    [Fact]
    public void Attributes_MadeForADerivedSet_NotKeptByTheSet()
    {
        // What makes deriving pay: the made attributes die young. Once the cache lets them go, only the set's source
        // (the Loc-RIB set) is left alive, though the exported set itself is still held.
        var route = Route(RibTestKit.Attrs(RibTestKit.Path(65001, 65002)));
        new PeerExporter(Speaker, Ebgp(), new ExportInterner()).Export(FromEbgp(), Afi.Ipv4, route, out var exported);
        var made = MadeWeakly(exported!);

        ExportedRoute.ForgetMadeAttributes();
        CollectGarbage();

        Assert.False(made.IsAlive);
        Assert.Equal([LocalAs, 65001u, 65002u], exported!.Attributes.AsPath!.Asns.ToArray());
        GC.KeepAlive(route);
    }

    [Fact]
    public async Task Attributes_MoreDerivedSetsThanCacheEntriesOnTwoThreads_EachSetReadsItsOwn()
    {
        // The made-attributes cache is one table for the process with 256 entries, found by the set's hash: 300 sets
        // per thread share entries by pigeonhole, and two RIBs' threads (as tests run them) write the same table. An
        // entry is only ever its own set's, whatever another set or thread wrote there last.
        await Task.WhenAll(Task.Run(() => ReadOwnAttributes(65001)), Task.Run(() => ReadOwnAttributes(65002)));
    }

    private static void ReadOwnAttributes(uint firstAs)
    {
        const int Sets = 300;
        var interner = new ExportInterner();
        var exporter = new PeerExporter(Speaker, Ebgp(), interner);
        var exported = new ExportedRoute[Sets];
        var expected = new PathAttributes[Sets];
        for (int i = 0; i < Sets; i++)
        {
            var route = Route(RibTestKit.Attrs(RibTestKit.Path(firstAs, (uint)(70_000 + i))));
            ExportRules.Rewrite(Speaker, FromEbgp(), Ebgp(), Afi.Ipv4, route, out expected[i], out _, out _);
            exporter.Export(FromEbgp(), Afi.Ipv4, route, out var set);
            Assert.True(set!.IsDerived);
            exported[i] = set;
        }
        for (int round = 0; round < 20; round++)
            for (int i = 0; i < Sets; i++)
            {
                int k = round % 2 == 0 ? i : Sets - 1 - i;
                Assert.Equal(expected[k], exported[k].Attributes);
            }
    }

    [Fact]
    public void TrimIdle_AfterExports_LetsTheMadeAttributesGo()
    {
        // The cache is for bursts of exports; an idle RIB (RibEngine.TrimIdle) does not keep its entries alive.
        var interner = new ExportInterner();
        var route = Route(RibTestKit.Attrs(RibTestKit.Path(65001, 65003)));
        new PeerExporter(Speaker, Ebgp(), interner).Export(FromEbgp(), Afi.Ipv4, route, out var exported);
        var made = MadeWeakly(exported!);

        interner.TrimIdle();
        CollectGarbage();

        Assert.False(made.IsAlive);
        GC.KeepAlive(route);
    }

    private static void CollectGarbage()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference MadeWeakly(ExportedRoute set) => new(set.Attributes);

    private static byte[] Pack(ExportedRoute set, CodecOptions options)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var prefix = new Nlri(set.Afi == Afi.Ipv4 ? Prefix.V4(0x0A000000, 8) : Prefix.V6(0x20010DB8_00000000, 0, 32));
        UpdatePacker.WriteAnnouncements(buffer, set.Family, set.Attributes, new ReadOnlySpan<Nlri>(in prefix), set.MpNextHop.AsSpan(), options);
        return buffer.WrittenSpan.ToArray();
    }
}
