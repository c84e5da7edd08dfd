using System.Net;
using BenchmarkDotNet.Attributes;
using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Rib;

namespace Bgp.Benchmarks;

/// <summary>
/// The Loc-RIB's storage at full-table scale: <see cref="Prefixes"/> distinct IPv4 /24s, one path each from
/// one peer, sharing <see cref="AttributeSets"/> interned attribute sets, so that what is measured is the
/// prefix index and the path and destination stores rather than the decision or the interner.
/// Announce builds a fresh Loc-RIB every operation (growth and its copies are the point); the lookups run
/// against one table built once, hits in a shuffled order (withdrawals and queries do not arrive in storage
/// order) and misses, which every new prefix costs before it is added.
/// </summary>
[MemoryDiagnoser]
public class LocRibBenchmarks
{
    public const int Prefixes = 1_000_000;
    public const int AttributeSets = 4;
    public const int Seed = 1771;

    private Prefix[] _sorted = null!;
    private Prefix[] _shuffled = null!;
    private Prefix[] _absent = null!;
    private LocRib _table = null!;
    private AttributeInterner _interner = null!;

    [GlobalSetup]
    public void Setup()
    {
        _sorted = new Prefix[Prefixes];
        _absent = new Prefix[Prefixes];
        // 1.0.0.0/24 upwards, as a sorted table dump would bring them; the absent ones are the same /24s in 128/1 upwards.
        for (int i = 0; i < Prefixes; i++)
        {
            _sorted[i] = Prefix.V4(0x01000000u + ((uint)i << 8), 24);
            _absent[i] = Prefix.V4(0x80000000u + ((uint)i << 8), 24);
        }
        _shuffled = (Prefix[])_sorted.Clone();
        new Random(Seed).Shuffle(_shuffled);
        _table = Build();
    }

    /// <summary>A fresh Loc-RIB holding every prefix: the cost of taking in a full table.</summary>
    [Benchmark]
    public int Announce() => Build(prefetch: false).PrefixCount;

    /// <summary>The same with the prefetch hints RibEngine gives for the routes of an UPDATE (Rib.Prefetch).</summary>
    [Benchmark]
    public int AnnouncePrefetched() => Build(prefetch: true).PrefixCount;

    /// <summary>
    /// A second path (another peer) for every prefix of a full table, in random order: each announcement finds
    /// an existing destination, the case of every table after the first (workload 2). Includes building the
    /// table (subtract <see cref="Announce"/>).
    /// </summary>
    [Benchmark]
    public int SecondPath() => AddSecondPaths(prefetch: false);

    [Benchmark]
    public int SecondPathPrefetched() => AddSecondPaths(prefetch: true);

    private int AddSecondPaths(bool prefetch)
    {
        var rib = Build(prefetch);
        var prefixes = _shuffled;
        rib.TryGetBest(prefixes[0], out var any);
        var set = any.Attributes;
        for (int i = 0; i < prefixes.Length; i++)
        {
            if (prefetch) Prefetch(rib, prefixes, i);
            _interner.AddReference(set);
            rib.Announce(2, prefixes[i], 0, set);
        }
        return rib.PathCount;
    }

    /// <summary>As Rib.Prefetch does for the routes of an UPDATE.</summary>
    private static void Prefetch(LocRib rib, Prefix[] prefixes, int i)
    {
        if (i + Bgp.Rib.Rib.PrefetchAhead < prefixes.Length) rib.PrefetchBucket(prefixes[i + Bgp.Rib.Rib.PrefetchAhead]);
        if (i > 0 && i + Bgp.Rib.Rib.PrefetchAhead / 2 < prefixes.Length) rib.PrefetchDestination(prefixes[i + Bgp.Rib.Rib.PrefetchAhead / 2]);
    }

    [Benchmark]
    public int LookupHit()
    {
        var table = _table;
        int found = 0;
        foreach (var prefix in _shuffled)
            if (table.TryGetBest(prefix, out _)) found++;
        return found;
    }

    [Benchmark]
    public int LookupMiss()
    {
        var table = _table;
        int found = 0;
        foreach (var prefix in _absent)
            if (table.TryGetBest(prefix, out _)) found++;
        return found;
    }

    private LocRib Build(bool prefetch = false)
    {
        var peers = new PeerTable();
        peers.Add(new RibPeer(1, IPAddress.Parse("10.0.0.1"), 65001, RouterId.Parse("1.0.0.1"), isInternal: false));
        peers.Add(new RibPeer(2, IPAddress.Parse("10.0.0.2"), 65002, RouterId.Parse("1.0.0.2"), isInternal: false));
        var interner = new AttributeInterner();
        _interner = interner;
        var rib = new LocRib(Afi.Ipv4, peers, interner, new NextHopTable(), new DecisionProcess(DecisionOptions.Default));
        var sets = new RouteAttributes[AttributeSets];
        for (int i = 0; i < AttributeSets; i++)
        {
            var attributes = new PathAttributes
            {
                Origin = Origin.Igp,
                AsPath = AsPath.FromSequence([65001, 3356, (uint)(15169 + i)]),
                NextHop = IPAddress.Parse("192.0.2.1"),
            };
            sets[i] = interner.Intern(attributes);
        }
        var prefixes = _sorted;
        for (int i = 0; i < prefixes.Length; i++)
        {
            // Announce takes over one reference, as it would from Intern on a decoded UPDATE.
            var set = sets[i & (AttributeSets - 1)];
            if (prefetch) Prefetch(rib, prefixes, i);
            interner.AddReference(set);
            rib.Announce(1, prefixes[i], 0, set);
        }
        return rib;
    }
}
