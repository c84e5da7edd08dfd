using System.Collections.Immutable;
using System.Net;
using Bgp.Protocol;
using Bgp.Protocol.Attributes;

namespace Bgp.Rib.Export;

/// <summary>
/// One canonical <see cref="ExportedRoute"/> per equal export result, shared by every peer's Adj-RIB-Out
/// (peers with the same export result then share the instance, and an UPDATE for it could be encoded once
/// for all of them). Reference counted like <see cref="AttributeInterner"/>: each Adj-RIB-Out entry, sent
/// or pending, owns one reference. Owned by the RIB's single writer.
/// <para>
/// Every set in the interner also has a handle: a small int naming its entry in a table here, so that an
/// Adj-RIB-Out can keep its sent state as 4-byte handles rather than 8-byte references (AdjRibOut.Sent.cs;
/// issue #7: 50 clients x 100k routes were 40 MB of references, every store a GC write barrier into an old
/// array and 5M references for each full collection to mark). A handle is bound when the set enters the
/// interner and freed when its last reference goes (the set leaves the interner), to be reused by a later set.
/// So a handle names its set exactly while someone holds a reference to the set: a holder of a handle must
/// hold a reference too, and stop using the handle before giving the reference back.
/// </para>
/// </summary>
public sealed class ExportInterner
{
    private readonly HashSet<ExportedRoute> _sets = new(ExportedRouteComparer.Instance);
    private readonly HashSet<ExportedRoute>.AlternateLookup<ExportKey> _lookup;
    // The set of each bound handle (null for a free one). Chunked so that growing copies no references (a
    // full table's hundreds of thousands of sets would otherwise copy a large-object array at each doubling).
    private ChunkedArray<ExportedRoute?> _byHandle;
    // Freed handles, reused last freed first; handles from _handleSpan on were never bound.
    private int[] _freeHandles = [];
    private int _freeCount;
    private int _handleSpan;
    // The MP_REACH_NLRI next hop fields made last, by (next hop, link-local): exports to a peer nearly always
    // carry the same next hop (its session's address, or the one next hop a route server passes on), so a new
    // set takes the array of an earlier one. A few entries, replaced in turn, cover the sessions a RIB exports
    // to in an interleaved way without a table that grows with the next hops seen.
    private readonly MpNextHopEntry[] _mpNextHops = new MpNextHopEntry[MpNextHopEntries];
    private int _mpNextHopVictim;
    private const int MpNextHopEntries = 8;

    public ExportInterner() => _lookup = _sets.GetAlternateLookup<ExportKey>();

    public int Count => _sets.Count;

    /// <summary>Drained pending groups shared by the Adj-RIBs-Out that use this interner (same single writer).</summary>
    internal PendingGroupPool SpareGroups { get; } = new();

    /// <summary>The canonical set for these values, with one reference the caller owns.</summary>
    public ExportedRoute Intern(Afi afi, PathAttributes attributes, IPAddress? nextHop, IPAddress? linkLocal = null) =>
        Intern(afi, attributes, nextHop, linkLocal, ExportDerivation.None);

    /// <summary>
    /// The canonical set for these values, with one reference the caller owns. <paramref name="attributes"/> must be
    /// what <paramref name="derivation"/> makes, when it is one: a set made here then keeps the derivation, not
    /// <paramref name="attributes"/>. An equal set interned before is returned as it is, derived or not.
    /// </summary>
    internal ExportedRoute Intern(Afi afi, PathAttributes attributes, IPAddress? nextHop, IPAddress? linkLocal, in ExportDerivation derivation)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        // Looked up by a struct key that carries its hash, so a set that exists costs no allocation (a candidate
        // ExportedRoute per call before: workload 1's Intern was 2.6 % of bgpd's samples) and the values are
        // hashed once per call, not once per probe; the new set keeps that hash for its Add and later Remove.
        var key = new ExportKey(afi, attributes, nextHop, linkLocal);
        if (!_lookup.TryGetValue(key, out var set))
        {
            set = new ExportedRoute(key, MpNextHop(afi, nextHop, linkLocal), derivation) { Handle = BindHandle() };
            _byHandle[set.Handle] = set;
            _sets.Add(set);
        }
        set.ReferenceCount++;
        return set;
    }

    public void AddReference(ExportedRoute set)
    {
        ArgumentNullException.ThrowIfNull(set);
        if (set.ReferenceCount <= 0) throw new InvalidOperationException("set is not held by this interner");
        set.ReferenceCount++;
    }

    public void Release(ExportedRoute set)
    {
        ArgumentNullException.ThrowIfNull(set);
        if (set.ReferenceCount <= 0) throw new InvalidOperationException("set released more often than interned");
        if (--set.ReferenceCount == 0)
        {
            _sets.Remove(set);
            FreeHandle(set);
        }
    }

    /// <summary>Handles bound now or free for reuse: the table's extent (for tests).</summary>
    internal int HandleSpan => _handleSpan;

    /// <summary>Entries the handle table has room for (for tests of <see cref="TrimIdle"/>).</summary>
    internal int HandleCapacity => _byHandle.Capacity;

    /// <summary>
    /// Gives back the handle table's chunks above the highest bound handle, once at most half the handles are
    /// bound (after a burst of sets came and went: a full table's churn can leave hundreds of thousands free, 8
    /// bytes each in the table and 4 in the free list). The free handles left are then reused lowest first, so
    /// that the next bursts fill the table from the bottom and leave its top free for the next trim. For when
    /// the RIB is idle (RibEngine.TrimIdle): it walks the table down from the top.
    /// </summary>
    internal void TrimIdle()
    {
        // The made attributes of derived sets are a cache for bursts of exports; idle, they only keep sets alive.
        ExportedRoute.ForgetMadeAttributes();
        const int Chunk = ChunkedArray<ExportedRoute?>.ChunkLength;
        if (_handleSpan <= Chunk || _sets.Count * 2L > _handleSpan) return;
        int top = _handleSpan;
        while (top > 0 && _byHandle[top - 1] is null) top--;
        // The highest handle is still bound: nothing to drop, and the free list is left as it is rather than sorted
        // again on every trim tick (RibEngine.TrimIdle runs about once a second while commands arrive, and the
        // list can hold hundreds of thousands of handles).
        if (top == _handleSpan) return;
        _byHandle.DropChunksFrom((top + Chunk - 1) / Chunk);
        _handleSpan = top;
        int kept = 0;
        for (int i = 0; i < _freeCount; i++)
            if (_freeHandles[i] < top) _freeHandles[kept++] = _freeHandles[i];
        _freeCount = kept;
        // A stack: the lowest handle last, so it is taken first.
        var free = _freeHandles.AsSpan(0, kept);
        free.Sort();
        free.Reverse();
        if (_freeHandles.Length > 2 * Math.Max(kept, 16)) Array.Resize(ref _freeHandles, Math.Max(kept, 16));
    }

    /// <summary>
    /// The set with handle <paramref name="handle"/>. Valid only while the caller holds a reference to that set
    /// (see the class comment); a free handle reads as null, a reused one as its new set.
    /// </summary>
    internal ExportedRoute? SetAt(int handle) => _byHandle[handle];

    /// <summary>The MP_REACH_NLRI next hop field for these next hops, the same array as an earlier set's when it can.</summary>
    private ImmutableArray<byte> MpNextHop(Afi afi, IPAddress? nextHop, IPAddress? linkLocal)
    {
        if (afi == Afi.Ipv4 || nextHop is null) return [];
        foreach (ref readonly var entry in _mpNextHops.AsSpan())
            if (nextHop.Equals(entry.NextHop) && Equals(linkLocal, entry.LinkLocal)) return entry.Bytes;
        var bytes = ExportedRoute.EncodeMpNextHop(afi, nextHop, linkLocal);
        _mpNextHops[_mpNextHopVictim] = new MpNextHopEntry(nextHop, linkLocal, bytes);
        _mpNextHopVictim = (_mpNextHopVictim + 1) % MpNextHopEntries;
        return bytes;
    }

    private readonly record struct MpNextHopEntry(IPAddress? NextHop, IPAddress? LinkLocal, ImmutableArray<byte> Bytes);

    private int BindHandle()
    {
        if (_freeCount > 0) return _freeHandles[--_freeCount];
        if (_handleSpan == _byHandle.Capacity) _byHandle.Grow();
        return _handleSpan++;
    }

    private void FreeHandle(ExportedRoute set)
    {
        int handle = set.Handle;
        _byHandle[handle] = null;
        set.Handle = -1;
        if (_freeCount == _freeHandles.Length) Array.Resize(ref _freeHandles, Math.Max(16, _freeCount * 2));
        _freeHandles[_freeCount++] = handle;
    }
}
