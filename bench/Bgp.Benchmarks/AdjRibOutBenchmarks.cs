using System.Buffers;
using System.Net;
using BenchmarkDotNet.Attributes;
using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Rib;
using Bgp.Rib.Export;

namespace Bgp.Benchmarks;

/// <summary>
/// The Adj-RIB-Out's cost per route per peer (issue #7): an initial dump (every route announced into an
/// empty <see cref="AdjRibOut"/> with End-of-RIB requested, then written out as UPDATEs in session-sized budgets into one reused
/// buffer, then the session goes down and <see cref="AdjRibOut.Clear"/> gives the references back).
/// <see cref="OnePeer"/> is a full IPv4 table to one receiver; <see cref="FanOut"/> is workload 3's
/// route reflector (100k prefixes to 50 clients sharing one <see cref="ExportInterner"/>). The
/// <c>OverLocRib</c> variants keep the sent state by the destination index of a real <see cref="LocRib"/>
/// holding the same prefixes (as the engine does): a 4-byte interner handle per route per peer instead of a map entry.
/// </summary>
[MemoryDiagnoser]
public class AdjRibOutBenchmarks
{
    public const int OnePeerRoutes = 1_000_000;
    public const int OnePeerSets = 10_000;
    public const int FanOutRoutes = 100_000;
    public const int FanOutSets = 1_000;
    public const int FanOutPeers = 50;
    /// <summary>RibLoopOptions.OutputBudget's default: a few messages, so WritePending is called many times.</summary>
    public const int Budget = 80 * 1024;

    private static readonly CodecOptions Options = CodecOptions.FourOctet;

    private ExportInterner _interner = null!;
    private Nlri[] _onePeerNlri = null!;
    private ExportedRoute[] _onePeerRoute = null!;
    private Nlri[] _fanOutNlri = null!;
    private ExportedRoute[] _fanOutRoute = null!;
    private ArrayBufferWriter<byte> _output = null!;
    private Bgp.Rib.Rib? _rib;

    [GlobalSetup]
    public void Setup()
    {
        _interner = new ExportInterner();
        (_onePeerNlri, _onePeerRoute) = Workload(_interner, OnePeerRoutes, OnePeerSets, seed: 4271);
        (_fanOutNlri, _fanOutRoute) = Workload(_interner, FanOutRoutes, FanOutSets, seed: 4456);
        _output = new ArrayBufferWriter<byte>(2 * Budget);
    }

    /// <summary>
    /// <paramref name="routes"/> distinct /24s from 1.0.0.0 up, each given one of <paramref name="sets"/>
    /// exported sets at random (seeded); the sets differ in AS path and communities like a real table's.
    /// The setup keeps one reference to every set so that Clear never frees one between iterations.
    /// </summary>
    public static (Nlri[] Nlri, ExportedRoute[] Route) Workload(ExportInterner interner, int routes, int sets, int seed)
    {
        var random = new Random(seed);
        var self = IPAddress.Parse("198.51.100.1");
        var pool = new ExportedRoute[sets];
        for (int i = 0; i < sets; i++)
        {
            var path = AsPath.FromSequence(65000, (uint)(64512 + i % 1000), (uint)(100 + i), (uint)(200_000 + random.Next(1000)));
            var attributes = new PathAttributes
            {
                Origin = Origin.Igp,
                AsPath = path,
                NextHop = self,
                Communities = i % 2 == 0 ? [(65000u << 16) | (uint)(i % 500)] : [],
            };
            pool[i] = interner.Intern(Afi.Ipv4, attributes, self);
        }
        var nlri = new Nlri[routes];
        var route = new ExportedRoute[routes];
        for (int i = 0; i < routes; i++)
        {
            nlri[i] = new Nlri(Prefix.V4((uint)(0x01000000 + (i << 8)), 24));
            route[i] = pool[random.Next(sets)];
        }
        return (nlri, route);
    }

    /// <summary>
    /// A Loc-RIB holding every prefix of both workloads (one path each from one peer), built on first use so
    /// that the map-only benchmarks do not pay for it.
    /// </summary>
    private Bgp.Rib.Rib LocRibs()
    {
        if (_rib is not null) return _rib;
        var rib = new Bgp.Rib.Rib();
        rib.AddPeer(new RibPeer(1, IPAddress.Parse("192.0.2.1"), 65001, Bgp.Protocol.RouterId.Parse("192.0.2.1"), false));
        var attributes = new PathAttributes { Origin = Origin.Igp, AsPath = AsPath.FromSequence(65001), NextHop = IPAddress.Parse("192.0.2.1") };
        // The fan-out prefixes are the first 100k of the one-peer ones (both count /24s up from 1.0.0.0).
        foreach (var nlri in _onePeerNlri) rib.Announce(1, nlri, attributes);
        return _rib = rib;
    }

    private Bgp.Rib.Rib? _fanOutRib;

    /// <summary>A Loc-RIB of just the fan-out prefixes, built on first use.</summary>
    private Bgp.Rib.Rib FanOutLocRibs()
    {
        if (_fanOutRib is not null) return _fanOutRib;
        var rib = new Bgp.Rib.Rib();
        rib.AddPeer(new RibPeer(1, IPAddress.Parse("192.0.2.1"), 65001, Bgp.Protocol.RouterId.Parse("192.0.2.1"), false));
        var attributes = new PathAttributes { Origin = Origin.Igp, AsPath = AsPath.FromSequence(65001), NextHop = IPAddress.Parse("192.0.2.1") };
        foreach (var nlri in _fanOutNlri) rib.Announce(1, nlri, attributes);
        return _fanOutRib = rib;
    }

    private AdjRibOut NewRib(bool overLocRib) =>
        overLocRib ? new AdjRibOut(_interner, LocRibs().Ipv4, LocRibs().Ipv6) : new AdjRibOut(_interner);

    [Benchmark]
    public long OnePeer() => Dump(new AdjRibOut(_interner), _onePeerNlri, _onePeerRoute);

    /// <summary>As <see cref="OnePeer"/>, the sent state kept by the Loc-RIB's destination index.</summary>
    [Benchmark]
    public long OnePeerOverLocRib() => Dump(NewRib(overLocRib: true), _onePeerNlri, _onePeerRoute);

    /// <summary>As <see cref="OnePeer"/>, told the table size first (<see cref="AdjRibOut.EnsureCapacity"/>).</summary>
    [Benchmark]
    public long OnePeerPresized()
    {
        var rib = new AdjRibOut(_interner);
        rib.EnsureCapacity(AfiSafi.Ipv4Unicast, _onePeerNlri.Length);
        return Dump(rib, _onePeerNlri, _onePeerRoute);
    }

    /// <summary>
    /// As <see cref="OnePeerOverLocRib"/>, told the table size first as the engine does on PeerUp, so that the
    /// family is dense from the first route (pending by destination index too).
    /// </summary>
    [Benchmark]
    public long OnePeerOverLocRibPresized()
    {
        var rib = NewRib(overLocRib: true);
        rib.EnsureCapacity(AfiSafi.Ipv4Unicast, _onePeerNlri.Length);
        return Dump(rib, _onePeerNlri, _onePeerRoute);
    }

    [Benchmark]
    public long FanOut() => FanOutOf(overLocRib: false);

    /// <summary>As <see cref="FanOut"/>, the sent state kept by the Loc-RIB's destination index.</summary>
    [Benchmark]
    public long FanOutOverLocRib() => FanOutOf(overLocRib: true);

    /// <summary>
    /// As <see cref="FanOutOverLocRib"/> over a Loc-RIB of just the 100k fan-out prefixes (workload 3's table),
    /// each client told its table size first as the engine does on PeerUp, so that every client is dense
    /// from the first route (100k of the shared 1M-prefix Loc-RIB is below the quarter that makes it dense).
    /// </summary>
    [Benchmark]
    public long FanOutOverLocRibPresized() => FanOutOf(overLocRib: true, presized: true);

    private long FanOutOf(bool overLocRib, bool presized = false)
    {
        var ribs = new AdjRibOut[FanOutPeers];
        for (int p = 0; p < ribs.Length; p++)
        {
            if (presized)
            {
                var table = FanOutLocRibs();
                ribs[p] = new AdjRibOut(_interner, table.Ipv4, table.Ipv6);
                ribs[p].EnsureCapacity(AfiSafi.Ipv4Unicast, FanOutRoutes);
            }
            else ribs[p] = NewRib(overLocRib);
        }
        // The engine announces each Loc-RIB change to every peer in turn, then the loop drains each peer.
        var nlri = _fanOutNlri;
        var route = _fanOutRoute;
        for (int i = 0; i < nlri.Length; i++)
        {
            for (int p = 0; p < ribs.Length; p++)
            {
                _interner.AddReference(route[i]);
                ribs[p].Announce(nlri[i], route[i]);
            }
        }
        long octets = 0;
        foreach (var rib in ribs)
        {
            rib.RequestEndOfRib(AfiSafi.Ipv4Unicast);
            octets += Drain(rib);
        }
        foreach (var rib in ribs) rib.Clear();
        return octets;
    }

    private long Dump(AdjRibOut rib, Nlri[] nlri, ExportedRoute[] route)
    {
        for (int i = 0; i < nlri.Length; i++)
        {
            // Announce takes over a reference, as from PeerExporter.Export.
            _interner.AddReference(route[i]);
            rib.Announce(nlri[i], route[i]);
        }
        // The engine asks for End-of-RIB after queueing the table (RFC 4724 2), as on PeerUp.
        rib.RequestEndOfRib(AfiSafi.Ipv4Unicast);
        long octets = Drain(rib);
        rib.Clear();
        return octets;
    }

    private long Drain(AdjRibOut rib)
    {
        long octets = 0;
        bool more = true;
        while (more)
        {
            _output.ResetWrittenCount();
            more = rib.WritePending(_output, Budget, Options, out int written);
            octets += written;
        }
        return octets;
    }

    /// <summary>
    /// Bytes the managed heap keeps per sent route: 1M IPv4 routes announced and written to one
    /// Adj-RIB-Out, End-of-RIB included (pending storage given back), measured with full collections before and after.
    /// Over a Loc-RIB, the Loc-RIB is built before the first measurement: it exists anyway, so only what the
    /// Adj-RIB-Out adds is counted (its hold counts, 4 bytes per destination, are the Loc-RIB's, shared by every peer).
    /// </summary>
    public static double RetainedBytesPerSentRoute(bool presized, bool overLocRib = false)
    {
        var b = new AdjRibOutBenchmarks();
        b.Setup();
        if (overLocRib) b.LocRibs();
        long before = GC.GetTotalMemory(forceFullCollection: true);
        var rib = b.NewRib(overLocRib);
        if (presized) rib.EnsureCapacity(AfiSafi.Ipv4Unicast, b._onePeerNlri.Length);
        for (int i = 0; i < b._onePeerNlri.Length; i++)
        {
            b._interner.AddReference(b._onePeerRoute[i]);
            rib.Announce(b._onePeerNlri[i], b._onePeerRoute[i]);
        }
        rib.RequestEndOfRib(AfiSafi.Ipv4Unicast);
        b.Drain(rib);
        long after = GC.GetTotalMemory(forceFullCollection: true);
        double perRoute = (double)(after - before) / rib.SentCount;
        // The workload arrays are far larger than the table: they must not be collected in between.
        GC.KeepAlive(rib);
        GC.KeepAlive(b);
        return perRoute;
    }
}
