using System.Runtime.CompilerServices;

namespace Bgp.Rib.Export;

/// <summary>
/// A hash map from a packed route key to <typeparamref name="T"/> whose entries never move when it grows.
/// <para>
/// Why not a Dictionary: a Dictionary grows by allocating entry and bucket arrays twice the size on the
/// large-object heap and copying into them; the arrays it outgrew stay until a (rare) gen2 collection, so
/// they count in the peak. Issue #7 measured bgpd holding a full table for one receiver (workload 2, 5.16M
/// paths): 232 MB of <c>Dictionary&lt;ulong, ExportedRoute&gt;</c> entry arrays (9 of them), 78 MB keyed by
/// Nlri and 65 MB of pending entries, for a live sent map of about 40 MB.
/// </para>
/// <para>
/// Here the entries live in a <see cref="ChunkedArray{T}"/> (8192 per chunk; growing adds a chunk and copies
/// nothing; a ref to a value is valid until the next insert or removal, as a Dictionary's, and in
/// practice longer, since only the first chunk is ever resized), freed entries are reused through
/// a free list threaded through their keys (<see cref="IPackedKey{TSelf}.FreeLink"/>), and the index is a
/// separate power-of-two array of 8-octet buckets with open addressing, as the Loc-RIB's prefix index
/// (LocRib.Storage.cs): linear probing, backward-shift deletion (no tombstones), each bucket holding the key's
/// 32-bit fingerprint next to the entry index + 1, so probes compare fingerprints in the bucket array and read
/// an entry only on a match, and growth rehashes the buckets from their fingerprints without touching an
/// entry. Growth thus reallocates 8 octets per slot, never the entries. Load factor at most 3/4.
/// </para>
/// Bytes per route: the entry (16 for a packed IPv4 key and a reference, 24 for an IPv6 key or a
/// PendingSlot) plus 10.7-21 of buckets, against a Dictionary's 24-32 per slot times its 1-2x slack.
/// Single writer; not thread-safe.
/// </summary>
internal sealed class PackedMap<TKey, T> where TKey : struct, IPackedKey<TKey>
{
    private const int MinBuckets = 16;

    private ChunkedArray<Entry> _entries;
    /// <summary>Entries ever handed out: every index below is live or on the free list.</summary>
    private int _high;
    private int _free = -1;
    private int _freeCount;
    /// <summary>0 for empty, else (fingerprint &lt;&lt; 32) | (entry index + 1); empty until the first insert.</summary>
    private ulong[] _buckets = [];
    /// <summary>32 minus log2 of the bucket count: fingerprint &gt;&gt; this is the home bucket.</summary>
    private int _homeShift = 32;

    public int Count { get; private set; }

    /// <summary>Entries the map holds without allocating (entry chunks or buckets).</summary>
    public int Capacity => Math.Min(_entries.Capacity, MaxLoad(_buckets.Length));

    /// <summary>Entry chunks allocated, for tests of growth.</summary>
    internal int ChunkCount => _entries.ChunkCount;

    /// <summary>Bucket slots, for tests of growth.</summary>
    internal int BucketCount => _buckets.Length;

    private static int MaxLoad(int buckets) => (int)(buckets * 3L / 4);

    /// <summary>The value of <paramref name="key"/>, or a null reference (check with Unsafe.IsNullRef).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref T GetValueRefOrNullRef(scoped in TKey key)
    {
        if (Count == 0) return ref Unsafe.NullRef<T>();
        int b = FindBucket(key, key.Fingerprint);
        if (b < 0) return ref Unsafe.NullRef<T>();
        return ref _entries[BucketEntry(b)].Value;
    }

    /// <summary>The value of <paramref name="key"/>, added as default when absent.</summary>
    public ref T GetValueRefOrAddDefault(scoped in TKey key, out bool exists)
    {
        uint fingerprint = key.Fingerprint;
        int b;
        if (Count == 0 || (b = FindBucket(key, fingerprint)) < 0)
        {
            exists = false;
            return ref Add(key, fingerprint);
        }
        exists = true;
        return ref _entries[BucketEntry(b)].Value;
    }

    public bool Remove(in TKey key, out T value)
    {
        int b = Count == 0 ? -1 : FindBucket(key, key.Fingerprint);
        if (b < 0)
        {
            value = default!;
            return false;
        }
        int e = BucketEntry(b);
        ref var entry = ref _entries[e];
        value = entry.Value;
        RemoveBucket(b);
        // Cleared so that a freed entry keeps no reference (a Dictionary does the same).
        entry.Value = default!;
        entry.Key = TKey.FreeLink(_free);
        _free = e;
        _freeCount++;
        Count--;
        return true;
    }

    /// <summary>
    /// Makes room for <paramref name="count"/> entries in all: buckets sized up front skip the rehashes on
    /// the way (entries never move anyway), and the entry chunks are allocated at once.
    /// </summary>
    public void EnsureCapacity(int count)
    {
        if (count <= Capacity) return;
        int buckets = BucketsFor(count);
        if (buckets > _buckets.Length) Rehash(buckets);
        // Free entries are reused first; past them the chunks must hold count - Count new ones.
        while (_entries.Capacity - _high + _freeCount < count - Count) _entries.Grow();
    }

    /// <summary>
    /// Gives back what a shrunk map no longer needs: the entries are compacted when at least a chunk and a
    /// quarter of them are free (re-indexing every bucket; refs obtained before are void), and the buckets
    /// halve while they stay within the load factor for Count plus an eighth of headroom. Maps below 1024
    /// entries are left alone. A second call on a trimmed map is a no-op.
    /// </summary>
    public void TrimExcess()
    {
        if (Count < 1024) return;
        if (_freeCount >= ChunkedArray<Entry>.ChunkLength && _freeCount > _high / 4) Compact();
        int buckets = BucketsFor(Count + Count / 8);
        if (buckets < _buckets.Length) Rehash(buckets);
    }

    /// <summary>Walks the live entries in storage order (the map must not change meanwhile).</summary>
    public Enumerator GetEnumerator() => new(this);

    private static int BucketsFor(int count)
    {
        // The smallest power of two whose 3/4 holds count.
        long needed = Math.Max(MinBuckets, (count * 4L + 2) / 3);
        return (int)System.Numerics.BitOperations.RoundUpToPowerOf2((ulong)needed);
    }

    /// <summary>The bucket holding <paramref name="key"/>, or the complement of the empty bucket where it would go.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int FindBucket(in TKey key, uint fingerprint)
    {
        var buckets = _buckets;
        int mask = buckets.Length - 1;
        for (int i = (int)(fingerprint >> _homeShift); ; i = (i + 1) & mask)
        {
            ulong v = buckets[i];
            if (v == 0) return ~i;
            // The entry is read only when the fingerprints agree.
            if ((uint)(v >> 32) == fingerprint && _entries[(int)(uint)v - 1].Key.Equals(key)) return i;
        }
    }

    private int BucketEntry(int bucket) => (int)(uint)_buckets[bucket] - 1;

    private ref T Add(scoped in TKey key, uint fingerprint)
    {
        if ((Count + 1) * 4L > _buckets.Length * 3L) Rehash(Math.Max(MinBuckets, _buckets.Length * 2));
        var buckets = _buckets;
        int mask = buckets.Length - 1;
        int i = (int)(fingerprint >> _homeShift);
        while (buckets[i] != 0) i = (i + 1) & mask;
        int e;
        if (_free >= 0)
        {
            e = _free;
            _free = _entries[e].Key.NextFree;
            _freeCount--;
        }
        else
        {
            if (_high == _entries.Capacity) _entries.Grow();
            e = _high++;
        }
        ref var entry = ref _entries[e];
        entry.Key = key;
        entry.Value = default!;
        buckets[i] = ((ulong)fingerprint << 32) | (uint)(e + 1);
        Count++;
        return ref entry.Value;
    }

    /// <summary>Rebuilds the index with <paramref name="size"/> buckets from the stored fingerprints (no entry is read).</summary>
    private void Rehash(int size) => _buckets = FingerprintIndex.Rehash(_buckets, size, out _homeShift);

    /// <summary>Empties bucket <paramref name="hole"/>; backward-shift deletion keeps every probe chain unbroken.</summary>
    private void RemoveBucket(int hole) => FingerprintIndex.RemoveAt(_buckets, hole, _homeShift);

    /// <summary>Copies the live entries into fresh chunks in storage order and re-indexes them.</summary>
    private void Compact()
    {
        var entries = default(ChunkedArray<Entry>);
        var buckets = new ulong[_buckets.Length];
        int mask = buckets.Length - 1;
        int n = 0;
        for (int e = 0; e < _high; e++)
        {
            ref var entry = ref _entries[e];
            if (entry.Key.IsFree) continue;
            if (n == entries.Capacity) entries.Grow();
            entries[n] = entry;
            uint fingerprint = entry.Key.Fingerprint;
            int i = (int)(fingerprint >> _homeShift);
            while (buckets[i] != 0) i = (i + 1) & mask;
            buckets[i] = ((ulong)fingerprint << 32) | (uint)(n + 1);
            n++;
        }
        // Native chunks (an Entry without references) go back now rather than at the next finalization.
        _entries.Release();
        _entries = entries;
        _buckets = buckets;
        _high = n;
        _free = -1;
        _freeCount = 0;
    }

    private struct Entry
    {
        public TKey Key;
        public T Value;
    }

    /// <summary>Live entries in storage order; a struct, so a foreach allocates nothing.</summary>
    public struct Enumerator(PackedMap<TKey, T> map)
    {
        private int _index = -1;

        public readonly (TKey Key, T Value) Current
        {
            get
            {
                ref var entry = ref map._entries[_index];
                return (entry.Key, entry.Value);
            }
        }

        public bool MoveNext()
        {
            while (++_index < map._high)
                if (!map._entries[_index].Key.IsFree) return true;
            return false;
        }
    }
}
