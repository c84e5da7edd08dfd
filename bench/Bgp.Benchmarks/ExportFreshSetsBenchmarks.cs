using System.Buffers;
using System.Net;
using BenchmarkDotNet.Attributes;
using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Rib;
using Bgp.Rib.Export;

namespace Bgp.Benchmarks;

/// <summary>
/// The export side's cost per attribute set seen for the first time, as a full-table ingest has it (workload 1:
/// 1.29M prefixes in ~86,000 sets, about 15 prefixes per set): every set is interned fresh, exported for each
/// of its <see cref="PrefixesPerSet"/> prefixes to each peer (<see cref="PeerExporter.Export"/>, memo and
/// interner), announced into the peer's Adj-RIB-Out (dense, over a Loc-RIB holding the prefixes) and written
/// out every <see cref="SetsPerTurn"/> sets, as the RIB loop drains after a batch of UPDATEs
/// (RibLoopOptions.MaxBatch). <see cref="OnePeer"/> is workload 1's single eBGP receiver; <see cref="FiftyPeers"/>
/// is workload 3's route reflector with 50 iBGP clients sharing one memo class. The sessions stay up from
/// operation to operation (their sent state is not what is measured); each operation brings the other of two
/// tables (the same prefixes, every set with a different AS path), so every exported set is new and replaces
/// the last operation's, which go with their last reference, and the Loc-RIB sets are released at the end.
/// </summary>
[MemoryDiagnoser]
public class ExportFreshSetsBenchmarks
{
    public const int Sets = 20_000;
    public const int PrefixesPerSet = 15;
    public const int SetsPerTurn = 256;
    public const int Budget = 80 * 1024;

    private static readonly CodecOptions Options = CodecOptions.FourOctet;
    private readonly LocalSpeaker _speaker = new(65000, RouterId.Parse("10.0.0.1"));

    private PathAttributes[][] _tables = null!;
    private int _operations;
    private Nlri[] _nlri = null!;
    private Bgp.Rib.Rib _locRib = null!;
    private ArrayBufferWriter<byte> _output = null!;
    private Session _one = null!;
    private Session _fifty = null!;

    private sealed record Session(ExportInterner Exports, PeerExporter[] Exporters, AdjRibOut[] Ribs, ExportSource Source);

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1771);
        var hop = IPAddress.Parse("192.0.2.1");
        _tables = [new PathAttributes[Sets], new PathAttributes[Sets]];
        for (int t = 0; t < _tables.Length; t++)
        {
            for (int i = 0; i < Sets; i++)
            {
                _tables[t][i] = new PathAttributes
                {
                    Origin = Origin.Igp,
                    AsPath = AsPath.FromSequence(65001, (uint)(3356 + t), (uint)(10000 + i), (uint)(200_000 + random.Next(1000))),
                    NextHop = hop,
                    Communities = [(3356u << 16) | 3, (3356u << 16) | (uint)(2000 + (i & 63)), (65001u << 16) | 100],
                };
            }
        }
        _nlri = new Nlri[Sets * PrefixesPerSet];
        for (int i = 0; i < _nlri.Length; i++) _nlri[i] = new Nlri(Prefix.V4((uint)(0x01000000 + (i << 8)), 24));
        _locRib = new Bgp.Rib.Rib();
        _locRib.AddPeer(new RibPeer(1, hop, 65001, RouterId.Parse("192.0.2.1"), false));
        var one = new PathAttributes { Origin = Origin.Igp, AsPath = AsPath.FromSequence(65001), NextHop = hop };
        foreach (var nlri in _nlri) _locRib.Announce(1, nlri, one);
        _output = new ArrayBufferWriter<byte>(2 * Budget);

        var ebgp = new ExportInterner();
        _one = new Session(ebgp,
            [new PeerExporter(_speaker, new ExportPeer(10, 65100, IsInternal: false) { LocalAddressV4 = IPAddress.Parse("198.51.100.1") }, ebgp)],
            Ribs(ebgp, 1), new ExportSource(1, SourceKind.External, RouterId.Parse("192.0.2.1")));
        var ibgp = new ExportInterner();
        var memo = new ExportMemo();
        var clients = new PeerExporter[50];
        for (int p = 0; p < clients.Length; p++)
        {
            clients[p] = new PeerExporter(_speaker, new ExportPeer(100 + p, 65000, IsInternal: true)
            {
                IsReflectorClient = true,
                LocalAddressV4 = IPAddress.Parse("198.51.100.1"),
                BgpId = (uint)(0x0A000100 + p),
            }, ibgp, memo);
        }
        _fifty = new Session(ibgp, clients, Ribs(ibgp, clients.Length), new ExportSource(1, SourceKind.ReflectorClient, RouterId.Parse("192.0.2.1")));
    }

    [Benchmark]
    public long OnePeer() => Ingest(_one);

    [Benchmark]
    public long FiftyPeers() => Ingest(_fifty);

    /// <summary>
    /// As <see cref="OnePeer"/> with an empty export memo each time, as bgpd's first full table finds it: what the
    /// memo grows to per set counts too.
    /// </summary>
    [Benchmark]
    public long OnePeerEmptyMemo()
    {
        var exporter = _one.Exporters[0];
        return Ingest(_one with { Exporters = [new PeerExporter(exporter.Speaker, exporter.Peer, _one.Exports, new ExportMemo())] });
    }

    /// <summary>One Adj-RIB-Out per peer, told the table size as the engine does on PeerUp (dense from the start).</summary>
    private AdjRibOut[] Ribs(ExportInterner exports, int peers)
    {
        var ribs = new AdjRibOut[peers];
        for (int p = 0; p < ribs.Length; p++)
        {
            ribs[p] = new AdjRibOut(exports, _locRib.Ipv4, _locRib.Ipv6);
            ribs[p].EnsureCapacity(AfiSafi.Ipv4Unicast, _nlri.Length);
        }
        return ribs;
    }

    private long Ingest(Session session)
    {
        var table = _tables[_operations++ & 1];
        var sets = new AttributeInterner();
        var ribs = session.Ribs;
        var held = new RouteAttributes[Sets];
        long octets = 0;
        int next = 0;
        for (int s = 0; s < Sets; s++)
        {
            var route = held[s] = sets.Intern(table[s]);
            for (int n = 0; n < PrefixesPerSet; n++, next++)
            {
                for (int p = 0; p < ribs.Length; p++)
                {
                    if (session.Exporters[p].Export(session.Source, Afi.Ipv4, route, out var exported) == ExportVerdict.Advertise)
                        ribs[p].Announce(_nlri[next], exported!);
                }
            }
            if ((s + 1) % SetsPerTurn == 0 || s == Sets - 1)
                foreach (var rib in ribs) octets += Drain(rib);
        }
        foreach (var route in held) sets.Release(route);
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
}
