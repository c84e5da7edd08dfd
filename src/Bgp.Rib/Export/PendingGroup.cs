using System.Runtime.CompilerServices;
using Bgp.Protocol;

namespace Bgp.Rib.Export;

/// <summary>
/// Routes waiting to be sent with one exported set (or, with a null <see cref="Route"/>, waiting to be
/// withdrawn), in three lists. Routes pending in the map: IPv4 routes kept packed (<see cref="CompactNlri"/>,
/// 8 octets instead of 32, the bulk of an initial dump's transient memory), the others as <see cref="Nlri"/>;
/// a position is an index into the packed list (non-negative) or the complement of an index into the other
/// list. Routes pending by Loc-RIB destination index (a dense family, see AdjRibOut.Pending.cs): the index
/// alone, 4 octets, with no position kept; such an entry may be stale (the route was cancelled or re-pended
/// since), which the Adj-RIB-Out decides when it writes. Routes are taken from the tail, so sending a
/// message's worth moves nothing. Drained groups are reused by any Adj-RIB-Out of the interner (PendingGroupPool, <see cref="Reuse"/>).
/// </summary>
internal sealed class PendingGroup(Afi afi, ExportedRoute? route)
{
    // A group of an initial dump or a busy set gets far more than a few routes: starting at 32 saves the
    // first doublings (issue #7: PendingGroup.Add was 8.6 % of workload 3's profile, most of it growth).
    private const int FirstLength = 32;

    private ulong[] _packed = [];
    private int _packedCount;
    private Nlri[] _other = [];
    private int _otherCount;
    private int[] _dense = [];
    private int _denseCount;
    // Whether the packed and dense lists took an entry since the group was last taken from the spares (Reuse).
    private bool _packedUsed;
    private bool _denseUsed;

    public Afi Afi { get; private set; } = afi;
    public ExportedRoute? Route { get; private set; } = route;
    /// <summary>True while the group sits in the send queue (it may have emptied since).</summary>
    public bool Queued { get; set; }

    /// <summary>Entries of all three lists, stale dense entries included.</summary>
    public int Count => _packedCount + _otherCount + _denseCount;

    /// <summary>Entries of the map's lists (each a pending route of the map).</summary>
    public int MapCount => _packedCount + _otherCount;

    /// <summary>The dense list (destination indices), oldest first; the caller may reorder and shorten it with <see cref="SetDenseCount"/>.</summary>
    public Span<int> Dense => _dense.AsSpan(0, _denseCount);

    /// <summary>The destination index appended last, or -1.</summary>
    public int LastDense => _denseCount > 0 ? _dense[_denseCount - 1] : -1;

    /// <summary>Makes an empty group (from <see cref="Clear"/>) the group of another set, keeping its storage.</summary>
    public void Reuse(Afi afi, ExportedRoute? route)
    {
        if (Count != 0 || Queued) throw new InvalidOperationException("only an empty group that is not queued is reused");
        Afi = afi;
        Route = route;
        _packedUsed = false;
        _denseUsed = false;
    }

    /// <summary>Appends <paramref name="nlri"/>; returns its position.</summary>
    public int Add(in Nlri nlri)
    {
        if (CompactNlri.TryPack(nlri, out ulong key))
        {
            if (_packedCount == _packed.Length) _packed = Grow(_packed, _packedCount);
            _packed[_packedCount] = key;
            _packedUsed = true;
            return _packedCount++;
        }
        if (_otherCount == _other.Length) Array.Resize(ref _other, Math.Max(4, _other.Length * 2));
        _other[_otherCount] = nlri;
        return ~_otherCount++;
    }

    /// <summary>Appends destination index <paramref name="d"/> to the dense list.</summary>
    public void AddDense(int d)
    {
        if (_denseCount == _dense.Length) _dense = Grow(_dense, _denseCount);
        _dense[_denseCount++] = d;
        _denseUsed = true;
    }

    /// <summary>
    /// <paramref name="list"/> (its first <paramref name="count"/> entries) in storage twice the size. Not
    /// zero-filled: the packed and dense lists are never read beyond their counts, and every peer of a route
    /// reflector grows them for every busy set (perf of workload 3: the collector zeroing the new arrays was
    /// half of AddDense's 13 %); the runtime skips the zeroing from 2 KiB up.
    /// </summary>
    private static T[] Grow<T>(T[] list, int count) where T : unmanaged
    {
        var grown = GC.AllocateUninitializedArray<T>(Math.Max(FirstLength, list.Length * 2));
        list.AsSpan(0, count).CopyTo(grown);
        return grown;
    }

    /// <summary>True when the next <see cref="AddDense"/> grows the dense list.</summary>
    public bool DenseFull => _denseCount == _dense.Length;

    /// <summary>Entries the dense list has room for.</summary>
    public int DenseCapacity => _dense.Length;

    /// <summary>
    /// Moves the dense list into <paramref name="larger"/> (a spare list of the Adj-RIB-Out's, AdjRibOut.Spares.cs);
    /// returns the list it had, for the caller to keep.
    /// </summary>
    public int[] MoveDenseTo(int[] larger)
    {
        if (larger.Length <= _dense.Length) throw new ArgumentException("the list is not larger", nameof(larger));
        _dense.AsSpan(0, _denseCount).CopyTo(larger);
        var old = _dense;
        _dense = larger;
        return old;
    }

    /// <summary>Takes an empty group's dense list (for the Adj-RIB-Out's spare lists); null when it has none.</summary>
    public int[]? TakeDense()
    {
        if (_denseCount != 0 || _dense.Length == 0) return null;
        var list = _dense;
        _dense = [];
        return list;
    }

    /// <summary>Keeps the first <paramref name="count"/> entries of the dense list (after filtering it in place).</summary>
    public void SetDenseCount(int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)count, (uint)_denseCount, nameof(count));
        _denseCount = count;
    }

    /// <summary>Removes the last <paramref name="count"/> entries of the dense list.</summary>
    public void DropDenseTail(int count) => SetDenseCount(_denseCount - count);

    /// <summary>
    /// Removes the route at <paramref name="position"/> by moving the last route of its list there; true
    /// (and that route) when one moved, so the caller can update its recorded position.
    /// </summary>
    public bool RemoveAt(int position, out Nlri moved)
    {
        if (position >= 0)
        {
            int last = --_packedCount;
            if (position != last)
            {
                _packed[position] = _packed[last];
                moved = CompactNlri.Unpack(_packed[position]);
                return true;
            }
        }
        else
        {
            int index = ~position, last = --_otherCount;
            if (index != last)
            {
                _other[index] = _other[last];
                _other[last] = default;
                moved = _other[index];
                return true;
            }
            _other[last] = default;
        }
        moved = default;
        return false;
    }

    /// <summary>
    /// Copies routes of the map's lists from the tail (the other list first, then the packed one) into
    /// <paramref name="scratch"/> (grown as needed) while they fit in <paramref name="room"/> octets as
    /// UpdatePacker counts them, without removing them: the caller drops them with <see cref="DropTail"/> once
    /// the UPDATE is written.
    /// </summary>
    public int PeekTail(ref Nlri[] scratch, bool addPath, int room, out int used) => PeekTail(ref scratch, 0, addPath, room, out used);

    /// <summary>As <see cref="PeekTail(ref Nlri[], bool, int, out int)"/>, filling <paramref name="scratch"/> from <paramref name="start"/>; returns the routes added.</summary>
    public int PeekTail(ref Nlri[] scratch, int start, bool addPath, int room, out int used)
    {
        int perRoute = addPath ? 5 : 1;
        used = 0;
        int at = start;
        for (int i = _otherCount - 1; i >= 0; i--)
        {
            int size = perRoute + _other[i].Prefix.ByteCount;
            if (used + size > room) return at - start;
            if (at == scratch.Length) Array.Resize(ref scratch, scratch.Length * 2);
            scratch[at++] = _other[i];
            used += size;
        }
        for (int i = _packedCount - 1; i >= 0; i--)
        {
            ulong key = _packed[i];
            int size = perRoute + CompactNlri.ByteCount(key);
            if (used + size > room) return at - start;
            if (at == scratch.Length) Array.Resize(ref scratch, scratch.Length * 2);
            scratch[at++] = CompactNlri.Unpack(key);
            used += size;
        }
        return at - start;
    }

    /// <summary>Removes the <paramref name="count"/> routes <see cref="PeekTail(ref Nlri[], bool, int, out int)"/> returned.</summary>
    public void DropTail(int count)
    {
        int fromOther = Math.Min(count, _otherCount);
        Array.Clear(_other, _otherCount - fromOther, fromOther);
        _otherCount -= fromOther;
        _packedCount -= count - fromOther;
    }

    /// <summary>Empties the group; with <paramref name="trim"/> also gives a mass change's storage back.</summary>
    public void Clear(bool trim)
    {
        Array.Clear(_other, 0, _otherCount);
        _packedCount = 0;
        _otherCount = 0;
        _denseCount = 0;
        if (trim && _packed.Length > 1024) _packed = [];
        if (trim && _other.Length > 1024) _other = [];
        if (trim && _dense.Length > 2048) _dense = [];
    }

    /// <summary>
    /// Empties the group for the spares (the Adj-RIB-Out's own, AdjRibOut.Spares.cs, or the interner's
    /// PendingGroupPool), keeping only arrays small enough to
    /// be worth reusing: a spare exists to save allocating a small group again, and spares each keeping a mass
    /// change's arrays (up to 48 KiB; 64 per peer once cost a route reflector's 50 clients 150 MB) would fill
    /// the pool's bound with a few of them.
    /// </summary>
    public void ClearForReuse()
    {
        Clear(trim: true);
        // A spare waits in the shared pool (PendingGroupPool) until a quiet interval: about 1,000 of them, each
        // otherwise keeping a set that may have left the interner, uncounted by the pool's bound. Reuse sets it.
        Route = null;
        // A list the group's last set did not use goes too: a spare keeps only storage its next set is likely to
        // use. A dense peer pends by index after its first routes, and the packed lists of those first routes
        // rode along in every spare (a route reflector's clients' spares about doubled; FanOutBenchmarks).
        if (!_packedUsed) _packed = [];
        if (!_denseUsed) _dense = [];
        if (_packed.Length > SpareLength) _packed = [];
        if (_other.Length > SpareLength / 4) _other = [];
        if (_dense.Length > SpareLength) _dense = [];
    }

    /// <summary>Entries a spare group keeps room for in its packed and dense lists (a quarter of it as Nlri).</summary>
    internal const int SpareLength = 256;

    /// <summary>Octets of list storage the group holds, for tests of what spares keep.</summary>
    internal int StorageBytes => _packed.Length * sizeof(ulong) + _other.Length * Unsafe.SizeOf<Nlri>() + _dense.Length * sizeof(int);
}
