using Bgp.Protocol;

namespace Bgp.Rib;

/// <summary>
/// Storage: paths and destinations live in two chunked arrays of structs (<see cref="ChunkedArray{T}"/>: no
/// object per route, and growth adds a chunk instead of copying the table), prefixes are found through an
/// open-addressing table (linear probing, backward-shift deletion, so no tombstones), and each peer's paths
/// form a doubly linked list through the path store, which is that peer's Adj-RIB-In. Arrival order is needed
/// only by RFC 5004, so it lives in a side store that grows only when that option is on.
/// <para>
/// A bucket holds the upper 32 bits of the prefix's 64-bit hash next to the destination index + 1, so a probe
/// compares fingerprints in the bucket array and dereferences a destination only on a fingerprint match: an
/// unsuccessful lookup (every new prefix) touches no destination at all, and growth and backward-shift
/// deletion recompute an entry's home from its fingerprint without touching it either. Before, every probe
/// read <c>_destinations[v - 1].Prefix</c>, a random cache miss per probe (issue #7: FindBucket was 14.7 %
/// of a full-table load's CPU). The load factor stays at most 3/4: the probes that remain are adjacent
/// words, a cache line or two even for a miss (about 8.5 probes at 3/4).
/// </para>
/// <para>
/// Bytes per prefix, a full table of 1.05M IPv4 prefixes (2^21 buckets, so two buckets per prefix): before,
/// the 32-byte destination slot + 2 x 4-byte buckets = 40, plus up to 50 % slack of the destination array and
/// a transient second copy while it grew; now the 32-byte slot + 2 x 8-byte buckets = 48, with at most one
/// 256 KiB chunk of slack and no copy (MemoryPerPathTests: 61.5 / 89.2 bytes per path, 62.1 / 89.6 before).
/// Per path the 24-byte slot (28 with the ADD-PATH identifier in it, 32 before it held its attribute set by interner id: MemoryPerPathTests 61.1 /
/// 87.5 bytes per path, 63.7 / 92.9 before), likewise without the slack. Since the destination holds (LocRib.Holds.cs) each
/// destination also has a 4-byte hold count in a side store: 4 bytes per prefix once, against the 26 bytes
/// per route per peer the Adj-RIBs-Out save by keying their sent state by destination index.
/// </para>
/// </summary>
public sealed partial class LocRib
{
    private const int InitialBuckets = 32;
    private const int BucketBits = 5;

    private ChunkedArray<PathSlot> _paths;
    /// <summary>Arrival order per path slot (RFC 5004 "oldest"), grown with <see cref="_paths"/> only when <see cref="_tracksArrival"/>.</summary>
    private ChunkedArray<ulong> _sequences;
    private readonly bool _tracksArrival;
    /// <summary>
    /// ADD-PATH path identifiers per path slot (RFC 7911), grown with <see cref="_paths"/> from the first path whose
    /// identifier is not 0 (<see cref="_tracksPathIds"/>); until then every path's identifier is 0. A side store rather
    /// than a field of <see cref="PathSlot"/>: only ADD-PATH receive sessions send identifiers, and the field cost
    /// 4 of a slot's 28 bytes on every path (issue #7: 20 MB of workload 2's 5.16M paths).
    /// </summary>
    private ChunkedArray<uint> _pathIds;
    private bool _tracksPathIds;
    private int _pathHigh;
    private int _freePath = -1;

    private ChunkedArray<DestinationSlot> _destinations;
    /// <summary>
    /// Holds per destination (see LocRib.Holds.cs), grown with <see cref="_destinations"/> by the same steps so
    /// that both keep the same capacity; a side store so that <see cref="DestinationSlot"/> stays 32 bytes.
    /// </summary>
    private ChunkedArray<int> _holds;
    private int _destinationHigh;
    private int _freeDestination = -1;
    /// <summary>Destinations in the prefix index: the live ones and the empty ones kept by a hold. Drives the load factor.</summary>
    private int _indexedDestinations;

    /// <summary>
    /// 0 for an empty bucket, else (fingerprint &lt;&lt; 32) | (destination index + 1). Length is a power of two;
    /// the home of an entry is the top bits of its fingerprint (so a table may have at most 2^32 buckets).
    /// In native memory (<see cref="HugePageArena"/>): a full table's 16 MiB index in huge pages, faulted in
    /// 2 MiB at a time instead of 4 KiB, and each growth's new array with it.
    /// </summary>
    private NativeBuffer<ulong> _buckets = new(HugePageArena.Shared, InitialBuckets);
    /// <summary>32 minus log2 of the bucket count: fingerprint &gt;&gt; this is the home bucket.</summary>
    private int _homeShift = 32 - BucketBits;

    /// <summary>The destination found or made last (see FindDestination), -1 for none.</summary>
    private int _lastDestination = -1;

    private int[] _peerHead = NewPeerHeads(16);
    private int[] _peerCount = new int[16];
    /// <summary>Per peer, how many of its paths carry <see cref="PathFlags.Stale"/> (LocRib.Stale.cs).</summary>
    private int[] _peerStale = new int[16];

    /// <summary>Prefixes with at least one candidate path.</summary>
    public int PrefixCount { get; private set; }

    /// <summary>Paths from every peer (the sum of the Adj-RIBs-In of this family).</summary>
    public int PathCount { get; private set; }

    /// <summary>Chunks allocated for paths and destinations, for tests of growth.</summary>
    internal (int Paths, int Destinations) StorageChunks => (_paths.ChunkCount, _destinations.ChunkCount);

    private static int[] NewPeerHeads(int n)
    {
        var a = new int[n];
        Array.Fill(a, -1);
        return a;
    }

    /// <summary>
    /// The prefix's 32-bit fingerprint: the upper half of a 64-bit mix of its words (Fibonacci multiply, then
    /// a SplitMix-style finaliser), whose top bits pick the home bucket.
    /// </summary>
    private static uint Fingerprint(in Prefix prefix)
    {
        ulong h = prefix.High ^ ((prefix.Low >> 1) | (prefix.Low << 63)) ^ ((ulong)prefix.Length << 1) ^ (prefix.IsIpv6 ? 1UL : 0UL);
        h *= 0x9E3779B97F4A7C15UL;
        h ^= h >> 29;
        h *= 0xBF58476D1CE4E5B9UL;
        return (uint)(h >> 32);
    }

    /// <summary>The bucket holding <paramref name="prefix"/>, or the complement of the empty bucket where it would go.</summary>
    private int FindBucket(in Prefix prefix)
    {
        uint fingerprint = Fingerprint(prefix);
        var buckets = _buckets.Span;
        int mask = buckets.Length - 1;
        for (int i = (int)(fingerprint >> _homeShift); ; i = (i + 1) & mask)
        {
            ulong v = buckets[i];
            if (v == 0) return ~i;
            // The destination is read only when the fingerprints agree (a false match is 1 in 2^(32 - log2 buckets)).
            if ((uint)(v >> 32) == fingerprint && _destinations[(int)(uint)v - 1].Prefix.Equals(prefix)) return i;
        }
    }

    private int FindDestination(in Prefix prefix)
    {
        // An UPDATE's prefix is decided and then exported at once, so the same prefix is often looked up again
        // right after (ExportChange did for the best path before changes carried their destination index; the
        // lookups by prefix that remain, such as an ADD-PATH export's or a sparse Adj-RIB-Out's, still do); the
        // second costs a compare instead of a random probe into a table of a million buckets (FindBucket was
        // 6-7 % of a full-table ingest's CPU in perf).
        int last = _lastDestination;
        if (last >= 0 && _destinations[last].Prefix.Equals(prefix)) return last;
        int b = FindBucket(prefix);
        if (b < 0) return -1;
        int d = BucketDestination(b);
        _lastDestination = d;
        return d;
    }

    /// <summary>The destination index held by an occupied bucket (its low 32 bits, less one).</summary>
    private int BucketDestination(int bucket) => (int)(uint)_buckets.Span[bucket] - 1;

    private int AddDestination(in Prefix prefix, int emptyBucket)
    {
        if ((_indexedDestinations + 1) * 4L > _buckets.Length * 3L)
        {
            GrowBuckets();
            emptyBucket = ~FindBucket(prefix);
        }
        int d;
        if (_freeDestination >= 0)
        {
            d = _freeDestination;
            _freeDestination = _destinations[d].FirstPath;
        }
        else
        {
            if (_destinationHigh == _destinations.Capacity)
            {
                _destinations.Grow();
                _holds.Grow();
            }
            d = _destinationHigh++;
        }
        _destinations[d] = new DestinationSlot { Prefix = prefix, FirstPath = -1, Best = -1 };
        _buckets.Span[emptyBucket] = ((ulong)Fingerprint(prefix) << 32) | (uint)(d + 1);
        // PrefixCount follows the first path (AddPath), not the index entry.
        _indexedDestinations++;
        return d;
    }

    /// <summary>
    /// Doubles the bucket table, or quadruples it from <see cref="QuadrupleFrom"/> buckets up; homes come from the
    /// stored fingerprints, so no destination is read.
    /// </summary>
    /// <summary>
    /// Gives the native stores (slots, holds, arrival order, prefix index) back to the arena now, rather than when
    /// the RIB's finalizers run two collections after it becomes garbage: for a throwaway RIB such as the startup
    /// warm-up's, whose huge-page blocks otherwise stayed in the daemon's idle RSS (80.8 MB against 72.3). The
    /// table must not be used afterwards (any use throws).
    /// </summary>
    public void ReleaseStorage()
    {
        _paths.Release();
        _sequences.Release();
        _pathIds.Release();
        _destinations.Release();
        _holds.Release();
        _buckets.Free();
    }

    private void GrowBuckets()
    {
        int factor = _buckets.Length >= QuadrupleFrom ? 4 : 2;
        var old = _buckets;
        var grown = new NativeBuffer<ulong>(HugePageArena.Shared, old.Length * factor);
        FingerprintIndex.Rehash(old.Span, grown.Span, out _homeShift);
        _buckets = grown;
        // Nothing holds a span of the old index past this point (callers look the bucket up again after growth).
        old.Free();
    }

    /// <summary>
    /// Where growth goes from doubling to quadrupling (2^19 buckets, 393,216 destinations). Most of a growth's
    /// cost is not the moves but faulting in and clearing the new array (issue #7: GrowBuckets was 6.2 % of a
    /// full-table ingest; a stand-alone replay of 1.05M inserts spent 100-300 ms growing against 20-30 ms
    /// moving), and doubling up to a full table allocates twice the final index. Quadrupling from here skips
    /// the 2^20 step: a full IPv4 table (786,433 to 1,572,864 destinations) and anything under 393,217 end
    /// at the same size as before, so workloads 1 and 2 keep their steady-state memory, while 3/4 of the
    /// bytes the index ever allocates are those of the final table instead of 1/2. The cost: a table of
    /// 393,217 to 786,432 destinations (or beyond 1.57M) gets an index twice as large as doubling would
    /// give it, 8 MB more (8 to 21 bytes per prefix).
    /// </summary>
    private const int QuadrupleFrom = 1 << 19;

    /// <summary>Buckets in the prefix index, for tests of growth.</summary>
    internal int BucketCount => _buckets.Length;

    /// <summary>Removes an empty, unheld destination: backward-shift deletion keeps every probe chain unbroken.</summary>
    private void RemoveDestination(int d)
    {
        // A held slot must never reach the free chain (it reuses FirstPath as the link).
        if (_holds[d] != 0) throw new InvalidOperationException("a held destination cannot be freed");
        // A freed slot's prefix reads as the default (0.0.0.0/0), which must not match through the cache.
        if (_lastDestination == d) _lastDestination = -1;
        var buckets = _buckets.Span;
        int mask = buckets.Length - 1;
        // The bucket is found by its whole value: the fingerprint is recomputed, the destination index known.
        ulong entry = ((ulong)Fingerprint(_destinations[d].Prefix) << 32) | (uint)(d + 1);
        int hole = (int)((uint)(entry >> 32) >> _homeShift);
        while (buckets[hole] != entry)
        {
            // An empty bucket before the entry means the index lost it: a broken invariant, not peer input.
            if (buckets[hole] == 0) throw new InvalidOperationException("destination missing from the prefix index");
            hole = (hole + 1) & mask;
        }
        FingerprintIndex.RemoveAt(buckets, hole, _homeShift);
        _destinations[d] = new DestinationSlot { FirstPath = _freeDestination, Best = -1 };
        _freeDestination = d;
        _indexedDestinations--;
    }

    private int FindPath(int d, int peerId, uint pathId)
    {
        // Until a path with an identifier arrives every identifier is 0, so the others are not here.
        if (!_tracksPathIds && pathId != 0) return -1;
        for (int p = _destinations[d].FirstPath; p >= 0; p = _paths[p].NextInDestination)
            if (_paths[p].Peer == peerId && PathIdAt(p) == pathId) return p;
        return -1;
    }

    /// <summary>The ADD-PATH path identifier of slot <paramref name="p"/> (0 without ADD-PATH).</summary>
    private uint PathIdAt(int p) => _tracksPathIds ? _pathIds[p] : 0;

    /// <summary>Starts keeping path identifiers: the side store grows to the path store's capacity, zeroed (identifier 0).</summary>
    private void TrackPathIds()
    {
        while (_pathIds.Capacity < _paths.Capacity) _pathIds.Grow();
        _tracksPathIds = true;
    }

    private int AddPath(int d, int peerId, uint pathId, RouteAttributes attributes)
    {
        int p;
        if (_freePath >= 0)
        {
            p = _freePath;
            _freePath = _paths[p].NextInDestination;
        }
        else
        {
            if (_pathHigh == _paths.Capacity)
            {
                _paths.Grow();
                // Both stores grow by the same steps, so they keep the same capacity.
                if (_tracksArrival) _sequences.Grow();
                if (_tracksPathIds) _pathIds.Grow();
            }
            p = _pathHigh++;
        }
        if (pathId != 0 && !_tracksPathIds) TrackPathIds();
        if (peerId >= _peerHead.Length)
        {
            int n = Math.Max(peerId + 1, _peerHead.Length * 2);
            int old = _peerHead.Length;
            Array.Resize(ref _peerHead, n);
            Array.Fill(_peerHead, -1, old, n - old);
            Array.Resize(ref _peerCount, n);
            Array.Resize(ref _peerStale, n);
        }
        int head = _peerHead[peerId];
        // The first path makes a prefix count, whether its destination is new or an empty one kept by a hold.
        if (_destinations[d].FirstPath < 0) PrefixCount++;
        _paths[p] = new PathSlot
        {
            AttributesId = attributes.Id,
            Destination = d,
            NextInDestination = _destinations[d].FirstPath,
            PreviousInPeer = -1,
            NextInPeer = head,
            Peer = (ushort)peerId,
        };
        // Always written while tracking: a freed slot handed out again still holds its last path's identifier.
        if (_tracksPathIds) _pathIds[p] = pathId;
        if (_tracksArrival) _sequences[p] = ++_sequence;
        if (head >= 0) _paths[head].PreviousInPeer = p;
        _peerHead[peerId] = p;
        _peerCount[peerId]++;
        _destinations[d].FirstPath = p;
        PathCount++;
        return p;
    }

    /// <summary>Unlinks a path from its destination and its peer, gives back its attribute reference, frees the slot.</summary>
    private void RemovePath(int p)
    {
        ref var slot = ref _paths[p];
        int d = slot.Destination;
        if (_destinations[d].FirstPath == p) _destinations[d].FirstPath = slot.NextInDestination;
        else
        {
            int q = _destinations[d].FirstPath;
            while (_paths[q].NextInDestination != p) q = _paths[q].NextInDestination;
            _paths[q].NextInDestination = slot.NextInDestination;
        }
        if (_destinations[d].FirstPath < 0) PrefixCount--;
        if (slot.PreviousInPeer >= 0) _paths[slot.PreviousInPeer].NextInPeer = slot.NextInPeer;
        else _peerHead[slot.Peer] = slot.NextInPeer;
        if (slot.NextInPeer >= 0) _paths[slot.NextInPeer].PreviousInPeer = slot.PreviousInPeer;
        _peerCount[slot.Peer]--;
        if ((slot.Flags & PathFlags.Stale) != 0) _peerStale[slot.Peer]--;
        _interner.Release(_interner[slot.AttributesId]);
        slot = new PathSlot { NextInDestination = _freePath };
        _freePath = p;
        PathCount--;
    }

    internal int PeerPathCount(int peerId) => (uint)peerId < (uint)_peerCount.Length ? _peerCount[peerId] : 0;

    internal int PeerFirstPath(int peerId) => (uint)peerId < (uint)_peerHead.Length ? _peerHead[peerId] : -1;

    internal int NextPeerPath(int p) => _paths[p].NextInPeer;

    internal bool TryGetPath(int peerId, in Prefix prefix, uint pathId, out RouteAttributes attributes)
    {
        int d = FindDestination(prefix);
        int p = d >= 0 ? FindPath(d, peerId, pathId) : -1;
        attributes = p >= 0 ? _interner[_paths[p].AttributesId] : null!;
        return p >= 0;
    }

    internal RibPath PathAt(int p)
    {
        ref readonly var slot = ref _paths[p];
        return new RibPath(slot.Peer, _destinations[slot.Destination].Prefix, PathIdAt(p), _interner[slot.AttributesId]) { LocalPathId = (uint)p + 1 };
    }
}
