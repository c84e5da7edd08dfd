using System.Runtime.CompilerServices;
using Bgp.Protocol;

namespace Bgp.Load;

/// <summary>
/// An exact set of prefixes of one family for the receiver's counts: IPv4 prefixes and IPv6 prefixes up
/// to /56 pack into one ulong (address bits, length in the low byte, which the mask leaves free) held in
/// an open-addressing table (at most half full) with linear probing and backward-shift deletion, so an insert costs one
/// multiply and mostly one cache line; longer IPv6 prefixes, rare in any table, go to a HashSet.
/// A set holds one family only: the key does not say which.
/// Over a <see cref="PrefixIndex"/> shared by the receiver's sessions, the set keeps a bit per slot of the index
/// instead of a table of its own (and the keys the full index could not take in a small overflow set).
/// </summary>
public sealed class PrefixSet
{
    private const ulong Empty = 0;
    private ulong[] _slots;
    private int _mask;
    private int _shift;
    private int _used;
    // Key 0 (0.0.0.0/0 or ::/0) is the empty-slot marker, so it is kept aside.
    private bool _hasZero;
    private readonly HashSet<Prefix> _long = [];
    private readonly PrefixIndex? _index;
    private readonly ulong[] _bits = [];
    private readonly HashSet<ulong> _overflow = [];
    // This set's place in the index's log (PrefixIndex.Next).
    private int _cursor;

    public PrefixSet(int expected = 0)
    {
        int size = 16;
        while (size < expected * 2) size <<= 1;
        _slots = new ulong[size];
        _mask = size - 1;
        _shift = 64 - System.Numerics.BitOperations.Log2((uint)size);
        Prefault(_slots);
    }

    /// <summary>A set whose keys are slots of <paramref name="index"/>, shared with other sessions' sets.</summary>
    public PrefixSet(PrefixIndex index)
    {
        ArgumentNullException.ThrowIfNull(index);
        _index = index;
        _slots = [];
        _bits = new ulong[(index.Capacity + 63) / 64];
        Prefault(_bits);
    }

    /// <summary>
    /// Writes one slot per 4 KiB page of a table made before the run, so its page faults (about 13.5 us each on
    /// this VM; workload 3's 50 receiver sessions hold 100 MB of tables) happen at setup, not in the timed run.
    /// </summary>
    private static void Prefault(ulong[] slots)
    {
        for (int i = 0; i < slots.Length; i += 512) Volatile.Write(ref slots[i], Empty);
    }

    public int Count => _used + (_hasZero ? 1 : 0) + _long.Count + _overflow.Count;

    public bool Contains(Prefix p) =>
        TryKey(p, out ulong key) ? (key == Empty ? _hasZero : ContainsKey(key)) : _long.Contains(p);

    private bool ContainsKey(ulong key)
    {
        if (_index is null) return _slots[Find(key)] == key;
        int slot = _index.Find(key);
        return slot >= 0 ? (_bits[slot >> 6] & (1UL << slot)) != 0 : _overflow.Contains(key);
    }

    public bool Add(Prefix p) => TryKey(p, out ulong key) ? AddKey(key) : _long.Add(p);

    /// <summary>The packed key of an NLRI prefix (RFC 4271 4.3: length, then the octets it needs), host bits
    /// cleared as <see cref="Prefix.FromNlriBytes"/> does; false for an IPv6 prefix longer than /56.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryKey(bool ipv6, int length, ReadOnlySpan<byte> bytes, out ulong key)
    {
        key = 0;
        if (ipv6 && length > 56) return false;
        ulong hi = 0;
        for (int i = 0; i < bytes.Length; i++) hi |= (ulong)bytes[i] << (56 - 8 * i);
        key = (length == 0 ? 0 : hi & (ulong.MaxValue << (64 - length))) | (uint)length;
        return true;
    }

    public bool AddKey(ulong key)
    {
        if (key == Empty)
        {
            if (_hasZero) return false;
            return _hasZero = true;
        }
        if (_index is not null) return AddIndexed(key);
        int i = Find(key);
        if (_slots[i] == key) return false;
        _slots[i] = key;
        if (++_used * 2 > _slots.Length) Grow();
        return true;
    }

    public bool Remove(Prefix p) => TryKey(p, out ulong key) ? RemoveKey(key) : _long.Remove(p);

    public bool RemoveKey(ulong key)
    {
        if (key == Empty)
        {
            bool had = _hasZero;
            _hasZero = false;
            return had;
        }
        if (_index is not null) return RemoveIndexed(key);
        int i = Find(key);
        if (_slots[i] != key) return false;
        // Backward shift: move later entries of the probe run into the hole when their home slot
        // allows it, so lookups never need tombstones.
        int hole = i;
        int j = i;
        while (true)
        {
            j = (j + 1) & _mask;
            ulong k = _slots[j];
            if (k == Empty) break;
            int home = Home(k);
            // k may move to the hole only if its home is not cyclically within (hole, j].
            if (((j - home) & _mask) >= ((j - hole) & _mask))
            {
                _slots[hole] = k;
                hole = j;
            }
        }
        _slots[hole] = Empty;
        _used--;
        return true;
    }

    private bool AddIndexed(ulong key)
    {
        int slot = _index!.Next(key, ref _cursor);
        if (slot < 0) return _overflow.Add(key);
        ref ulong word = ref _bits[slot >> 6];
        ulong bit = 1UL << slot;
        if ((word & bit) != 0) return false;
        word |= bit;
        _used++;
        return true;
    }

    private bool RemoveIndexed(ulong key)
    {
        int slot = _index!.Find(key);
        if (slot < 0) return _overflow.Remove(key);
        ref ulong word = ref _bits[slot >> 6];
        ulong bit = 1UL << slot;
        if ((word & bit) == 0) return _overflow.Remove(key);
        word &= ~bit;
        _used--;
        return true;
    }

    /// <summary>The packed key: IPv4 and IPv6 up to /56 as (left-aligned address bits | length).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryKey(Prefix p, out ulong key)
    {
        if (p.IsIpv6 && p.Length > 56)
        {
            key = 0;
            return false;
        }
        key = p.High | (uint)p.Length;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    // Fibonacci hashing: the top bits of the product mix every key bit (the low bits would not: an IPv4
    // key's address sits in the high word and a /24's low address octet is zero).
    private int Home(ulong key) => (int)((key * 0x9E3779B97F4A7C15UL) >> _shift);

    private int Find(ulong key)
    {
        int i = Home(key);
        while (true)
        {
            ulong k = _slots[i];
            if (k == key || k == Empty) return i;
            i = (i + 1) & _mask;
        }
    }

    private void Grow()
    {
        var old = _slots;
        _slots = new ulong[old.Length * 2];
        _mask = _slots.Length - 1;
        _shift--;
        foreach (ulong k in old)
            if (k != Empty) _slots[Find(k)] = k;
    }
}
