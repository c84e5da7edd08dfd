using System.Net;
using BenchmarkDotNet.Attributes;
using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Rib;

namespace Bgp.Benchmarks;

/// <summary>
/// The Loc-RIB's share of workload 2: four eBGP peers of four neighbour ASes each announce the same
/// <see cref="Prefixes"/> /24s (one table after the other, in prefix order), so every prefix ends with four
/// candidates of AS_PATH length 2 to 5. With <see cref="Ties"/> off the lengths are workload 2's (BgpLoad's
/// PathVariants: peer g's path to prefix i is 2 + (i + g) mod 4 long, so the four differ and the AS_PATH step
/// decides); with it on each is drawn per prefix and peer, so that the new path ties the best before MED now
/// and then (about one announcement in five). <see cref="Incremental"/> switches the Loc-RIB's incremental
/// decision (LocRib.Incremental.cs) on and off; each operation builds a fresh Loc-RIB.
/// </summary>
[MemoryDiagnoser]
public class IncrementalDecisionBenchmarks
{
    public const int Prefixes = 1_000_000;
    public const int Peers = 4;
    public const int SetsPerPeer = 64;
    public const int Seed = 1771;

    private Prefix[] _prefixes = null!;
    private byte[][] _setOf = null!;

    [Params(false, true)]
    public bool Incremental { get; set; }

    [Params(false, true)]
    public bool Ties { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _prefixes = new Prefix[Prefixes];
        for (int i = 0; i < Prefixes; i++) _prefixes[i] = Prefix.V4(0x01000000u + ((uint)i << 8), 24);
        var random = new Random(Seed);
        _setOf = new byte[Peers][];
        for (int peer = 0; peer < Peers; peer++)
        {
            _setOf[peer] = new byte[Prefixes];
            random.NextBytes(_setOf[peer]);
            // Set s has length 2 + s % 4; keep the drawn rest of s so that the sets stay spread.
            if (!Ties)
                for (int i = 0; i < Prefixes; i++) _setOf[peer][i] = (byte)((_setOf[peer][i] & ~3) | ((i + peer) & 3));
        }
        var rib = Build(out long full);
        Console.WriteLine($"// Incremental={Incremental} Ties={Ties}: {rib.PathCount} paths, {full} full selections of {Peers * Prefixes} announcements");
    }

    [Benchmark]
    public int FourTables() => Build(out _).PathCount;

    private LocRib Build(out long fullDecisions)
    {
        var peers = new PeerTable();
        var interner = new AttributeInterner();
        var sets = new RouteAttributes[Peers][];
        for (int peer = 0; peer < Peers; peer++)
        {
            uint asn = 65001 + (uint)peer;
            peers.Add(new RibPeer(peer + 1, IPAddress.Parse($"10.0.0.{peer + 1}"), asn, RouterId.Parse($"1.0.0.{peer + 1}"), isInternal: false));
            sets[peer] = new RouteAttributes[SetsPerPeer];
            for (int s = 0; s < SetsPerPeer; s++)
            {
                // Length 2..5: the neighbour AS, then 1..4 more.
                var path = new uint[2 + s % 4];
                path[0] = asn;
                for (int k = 1; k < path.Length; k++) path[k] = 3356 + (uint)(s * 8 + k);
                sets[peer][s] = interner.Intern(new PathAttributes
                {
                    Origin = Origin.Igp,
                    AsPath = AsPath.FromSequence(path),
                    NextHop = IPAddress.Parse($"192.0.2.{peer + 1}"),
                });
            }
        }
        var rib = new LocRib(Afi.Ipv4, peers, interner, new NextHopTable(), new DecisionProcess(DecisionOptions.Default) { IncrementalShortcut = Incremental });
        var prefixes = _prefixes;
        for (int peer = 0; peer < Peers; peer++)
        {
            var of = _setOf[peer];
            var peerSets = sets[peer];
            for (int i = 0; i < prefixes.Length; i++)
            {
                var set = peerSets[of[i] & (SetsPerPeer - 1)];
                // Announce takes over one reference, as it would from Intern on a decoded UPDATE.
                interner.AddReference(set);
                rib.Announce(peer + 1, prefixes[i], 0, set);
            }
        }
        fullDecisions = rib.FullDecisions;
        return rib;
    }
}
