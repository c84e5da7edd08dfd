using System.Buffers;
using System.Collections.Immutable;
using System.Net;
using BenchmarkDotNet.Attributes;
using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Messages;
using Bgp.Rib;
using Bgp.Rib.Engine;
using Bgp.Rib.Export;
using Bgp.Rib.Policy;

namespace Bgp.Benchmarks;

/// <summary>
/// Workload 3's RIB loop as bgpd runs it: an iBGP route-reflector client sends <see cref="Prefixes"/> IPv4
/// prefixes in UPDATEs of one set each (1 to 300 prefixes, about 15 on average, every set distinct, as
/// bench/BgpLoad's SyntheticTable), the engine reflects every change to <see cref="Clients"/> clients (one
/// export class), and after every <see cref="Turn"/> UPDATEs (RibLoopOptions.MaxBatch) every client is
/// drained with <see cref="AdjRibOut.WritePending(IBufferWriter{byte}, int, CodecOptions, out int)"/> (what the engine's
/// WritePending calls) into one
/// reused buffer, <see cref="Budget"/> octets at a time. Unlike <see cref="AdjRibOutBenchmarks.FanOut"/>
/// (the whole table pended before one drain), each client pends and drains a turn's few hundred sets over
/// and over: the per-set cost of pending (a group, its lists) is what dominates here.
/// <see cref="PendAndDrainInTurns"/> is the Adj-RIB-Out's share alone: the same turns announced straight into
/// 50 Adj-RIBs-Out over a Loc-RIB that holds the table (one exported set per UPDATE), pending by destination index
/// from the first route, each drained after its turn.
/// The figures are per route per client (5M).
/// </summary>
[MemoryDiagnoser]
public class FanOutBenchmarks
{
    public const int Prefixes = 100_000;
    public const int Clients = 50;
    public const int Turn = 256;
    public const int Budget = 80 * 1024;
    private const uint LocalAs = 65000;

    private static readonly PeerRibOptions Client = new() { ImportFilter = Filter.AcceptAll, ExportFilter = Filter.AcceptAll, IsReflectorClient = true };

    private UpdateMessage[] _updates = null!;
    private ArrayBufferWriter<byte> _output = null!;
    private ExportInterner _interner = null!;
    private ExportedRoute[] _sets = null!;
    private Bgp.Rib.Rib _rib = null!;

    [GlobalSetup]
    public void Setup()
    {
        _updates = Updates(Prefixes, seed: 4456);
        _output = new ArrayBufferWriter<byte>(2 * Budget);
        // For PendAndDrainInTurns: the table in a Loc-RIB, and each UPDATE's set exported once (the reference kept).
        _interner = new ExportInterner();
        _sets = new ExportedRoute[_updates.Length];
        _rib = new Bgp.Rib.Rib();
        _rib.AddPeer(new RibPeer(1, IPAddress.Parse("10.0.0.1"), LocalAs, RouterId.Parse("10.0.0.1"), true));
        var self = IPAddress.Parse("10.0.0.100");
        for (int u = 0; u < _updates.Length; u++)
        {
            _sets[u] = _interner.Intern(Afi.Ipv4, _updates[u].Attributes, self);
            foreach (var nlri in _updates[u].Nlri) _rib.Announce(1, nlri, _updates[u].Attributes);
        }
    }

    [Benchmark]
    public long PendAndDrainInTurns()
    {
        var ribs = new AdjRibOut[Clients];
        for (int i = 0; i < ribs.Length; i++)
        {
            ribs[i] = new AdjRibOut(_interner, _rib.Ipv4, _rib.Ipv6);
            // Dense from the first route, as the engine's clients are a few routes into a growing table (over a
            // Loc-RIB already full, they would pend the first quarter of it in the map).
            ribs[i].EnsureCapacity(AfiSafi.Ipv4Unicast, Prefixes);
        }
        long octets = 0;
        var updates = _updates;
        for (int u = 0; u < updates.Length;)
        {
            for (int n = 0; n < Turn && u < updates.Length; n++, u++)
            {
                var set = _sets[u];
                foreach (var nlri in updates[u].Nlri)
                {
                    // The engine finds the destination index once per change and tells every peer (RibEngine.ExportChange).
                    int d = ((IDestinationHolds)_rib.Ipv4).FindDestinationIndex(nlri.Prefix);
                    foreach (var rib in ribs)
                    {
                        _interner.AddReference(set);
                        rib.Announce(nlri, set, d);
                    }
                }
            }
            foreach (var rib in ribs) octets += Drain(rib);
        }
        foreach (var rib in ribs) rib.Clear();
        return octets;
    }

    private long Drain(AdjRibOut rib)
    {
        long octets = 0;
        bool more = true;
        while (more)
        {
            _output.ResetWrittenCount();
            more = rib.WritePending(_output, Budget, CodecOptions.FourOctet, out int written);
            octets += written;
        }
        return octets;
    }

    [Benchmark]
    public long ReflectInTurns()
    {
        var e = new RibEngine(new RibEngineSettings(LocalAs, RouterId.Parse("10.0.0.1")));
        e.Execute(Up(1));
        for (int i = 0; i < Clients; i++) e.Execute(Up(11 + i));
        long octets = 0;
        var updates = _updates;
        for (int u = 0; u < updates.Length;)
        {
            for (int n = 0; n < Turn && u < updates.Length; n++) e.Execute(new UpdateReceived(1, updates[u++]));
            for (int i = 0; i < Clients; i++) octets += Drain(e.AdjRibOut(11 + i)!);
        }
        return octets;
    }

    private static PeerUp Up(int id) =>
        new(id, new PeerFacts(IPAddress.Parse($"10.0.{id >> 8}.{id & 255}"), LocalAs, RouterId.Parse($"10.1.{id >> 8}.{id & 255}"), true,
            [AfiSafi.Ipv4Unicast], CodecOptions.FourOctet)
        {
            LocalAddressV4 = IPAddress.Parse("10.0.0.100"),
        }, Client);

    /// <summary>Distinct /24s (shuffled) in UPDATEs of SyntheticTable's set sizes, each UPDATE with a set of its own.</summary>
    public static UpdateMessage[] Updates(int prefixes, int seed)
    {
        var random = new Random(seed);
        var order = new uint[prefixes];
        for (int i = 0; i < prefixes; i++) order[i] = 0x01000000u + ((uint)i << 8);
        random.Shuffle(order);
        var updates = new List<UpdateMessage>();
        var nextHop = IPAddress.Parse("10.0.0.1");
        for (int first = 0; first < prefixes;)
        {
            int n = Math.Min(GroupSize(random), prefixes - first);
            var nlri = ImmutableArray.CreateBuilder<Nlri>(n);
            for (int i = 0; i < n; i++) nlri.Add(new Nlri(Prefix.V4(order[first + i], 24)));
            first += n;
            var attributes = new PathAttributes
            {
                Origin = Origin.Igp,
                AsPath = AsPath.FromSequence([(uint)random.Next(1, 64496), (uint)(100_000 + updates.Count)]),
                NextHop = nextHop,
                LocalPref = 100,
                Communities = random.Next(100) < 45 ? [(3356u << 16) | (uint)random.Next(1, 4000)] : [],
            };
            updates.Add(new UpdateMessage { Attributes = attributes, Nlri = nlri.MoveToImmutable() });
        }
        return [.. updates];
    }

    /// <summary>bench/BgpLoad SyntheticTable's: mean about 15, many small sets, a tail of customer cones.</summary>
    private static int GroupSize(Random random) => random.Next(100) switch
    {
        < 55 => random.Next(1, 5),
        < 85 => random.Next(5, 26),
        < 97 => random.Next(26, 71),
        _ => random.Next(71, 301),
    };
}
