using System.Net;
using BenchmarkDotNet.Attributes;
using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Rib;
using Bgp.Rib.Export;

namespace Bgp.Benchmarks;

/// <summary>
/// <see cref="PeerExporter.Export"/> over a full table towards one eBGP peer, as RibEngine runs it for every
/// best-path change: <see cref="Routes"/> routes over <see cref="AttributeSets"/> interned sets in the order a
/// sorted table dump brings them, where neighbouring prefixes mostly share a set (runs of 1 to 8 routes here),
/// each set with six communities.
/// Setup exports every set once and keeps that reference, as the Adj-RIB-Out keeps the sets it sent; in the
/// loop each exported set is given back at once, so what is measured is the rules and the memo, not the interner.
/// <see cref="TwoClasses"/> exports each route to two peers of different classes (their own next-hop-self
/// addresses, so two memos), as bench workload 2 exports every best set to its generators' class and its receiver's.
/// </summary>
[MemoryDiagnoser]
public class ExportBenchmarks
{
    public const int Routes = 1_000_000;
    public const int AttributeSets = 2_000;
    public const int Seed = 1771;

    private RouteAttributes[] _routes = null!;
    private PeerExporter _exporter = null!;
    private PeerExporter _otherClass = null!;
    private ExportInterner _exports = null!;
    private readonly ExportSource _source = new(1, SourceKind.External, RouterId.Parse("192.0.2.1"));

    [GlobalSetup]
    public void Setup()
    {
        var interner = new AttributeInterner();
        var sets = new RouteAttributes[AttributeSets];
        for (int i = 0; i < AttributeSets; i++)
        {
            sets[i] = interner.Intern(new PathAttributes
            {
                Origin = Origin.Igp,
                AsPath = AsPath.FromSequence([65001, 3356, (uint)(10000 + i)]),
                NextHop = IPAddress.Parse("192.0.2.1"),
                // As a transit's routes carry them (where learned, which region): the rules scan these.
                Communities = [(3356u << 16) | 3, (3356u << 16) | 86, (3356u << 16) | 575, (3356u << 16) | 666, (3356u << 16) | (uint)(2000 + (i & 63)), (65001u << 16) | 100],
            });
        }
        var random = new Random(Seed);
        _routes = new RouteAttributes[Routes];
        for (int i = 0; i < Routes;)
        {
            var set = sets[random.Next(AttributeSets)];
            for (int run = random.Next(1, 9); run > 0 && i < Routes; run--) _routes[i++] = set;
        }
        _exports = new ExportInterner();
        _exporter = new PeerExporter(new LocalSpeaker(65000, RouterId.Parse("10.0.0.1")),
            new ExportPeer(10, 65100, IsInternal: false) { LocalAddressV4 = IPAddress.Parse("198.51.100.1") },
            _exports);
        _otherClass = new PeerExporter(_exporter.Speaker, _exporter.Peer with { PeerId = 11, LocalAddressV4 = IPAddress.Parse("198.51.100.2") }, _exports);
        foreach (var set in sets)
        {
            _exporter.Export(_source, Afi.Ipv4, set, out _);
            _otherClass.Export(_source, Afi.Ipv4, set, out _);
        }
    }

    [Benchmark]
    public int Export()
    {
        int advertised = 0;
        var source = _source;
        foreach (var route in _routes)
        {
            if (_exporter.Export(source, Afi.Ipv4, route, out var exported) != ExportVerdict.Advertise) continue;
            advertised++;
            _exports.Release(exported!);
        }
        return advertised;
    }

    [Benchmark]
    public int TwoClasses()
    {
        int advertised = 0;
        var source = _source;
        foreach (var route in _routes)
        {
            if (_exporter.Export(source, Afi.Ipv4, route, out var exported) == ExportVerdict.Advertise)
            {
                advertised++;
                _exports.Release(exported!);
            }
            if (_otherClass.Export(source, Afi.Ipv4, route, out exported) == ExportVerdict.Advertise)
            {
                advertised++;
                _exports.Release(exported!);
            }
        }
        return advertised;
    }
}
