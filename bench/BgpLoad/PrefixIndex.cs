using System.Runtime.CompilerServices;

namespace Bgp.Load;

/// <summary>
/// Packed prefix keys (<see cref="PrefixSet.TryKey(bool, int, ReadOnlySpan{byte}, out ulong)"/>) of one family
/// mapped to fixed slot numbers, shared by every session of the receiver: each session then keeps only a bit per
/// slot (<see cref="PrefixSet"/> over an index). Workload 3's 50 sessions each held a 2 MB table of their own and
/// looked every prefix up in it: 25 % of the receiver's samples, mostly cache misses; one shared table stays hot,
/// since every session is sent the same prefixes at about the same time. Slots are taken with a compare-and-swap
/// and never given back (a withdrawn prefix keeps its slot for when it comes back), and the table never grows:
/// past three quarters full <see cref="Intern"/> answers -1 and the set keeps that key on its own.
/// <para>
/// The index also logs its keys in the order they first came (<see cref="Next"/>): sessions that are sent the same
/// stream (an update group's members, a route server's clients) then find each key by comparing it with the next
/// one in the log, sequential reads instead of a probe of a random slot (the probe was 20 % of the receiver's
/// samples in workload 3 even with one shared table). A key out of that order is probed as before, and its place
/// in the log is where the session reads on from. Either way the answer is the key's slot.
/// </para>
/// </summary>
public sealed class PrefixIndex
{
    private readonly ulong[] _slots;
    private readonly int _mask;
    private readonly int _shift;
    private readonly int _limit;
    private int _used;
    // The log: keys by arrival, their slots, and each slot's place in the log (+1; 0 while not written yet).
    private readonly ulong[] _logKeys;
    private readonly int[] _logSlots;
    private readonly int[] _placeOf;

    /// <param name="expected">Prefixes of the family one session expects: the table is at most half full with them.</param>
    public PrefixIndex(int expected)
    {
        int size = 1024;
        while (size < expected * 2) size <<= 1;
        _slots = new ulong[size];
        _mask = size - 1;
        _shift = 64 - System.Numerics.BitOperations.Log2((uint)size);
        _limit = size / 4 * 3;
        _logKeys = new ulong[_limit];
        _logSlots = new int[_limit];
        _placeOf = new int[size];
        // Faulted in now rather than in the timed run (about 13.5 us per 4 KiB page on this VM).
        for (int i = 0; i < size; i += 512) Volatile.Write(ref _slots[i], 0UL);
        for (int i = 0; i < _limit; i += 512) Volatile.Write(ref _logKeys[i], 0UL);
        for (int i = 0; i < _limit; i += 1024) Volatile.Write(ref _logSlots[i], 0);
        for (int i = 0; i < size; i += 1024) Volatile.Write(ref _placeOf[i], 0);
    }

    /// <summary>
    /// The slot of <paramref name="key"/> (not 0) as <see cref="Intern"/> answers it, for a reader at
    /// <paramref name="cursor"/> in the log: when the log has <paramref name="key"/> there, that is one comparison;
    /// either way the cursor moves past the key's place in the log (when it has one yet).
    /// </summary>
    public int Next(ulong key, ref int cursor)
    {
        int at = cursor;
        if ((uint)at < (uint)_logKeys.Length && Volatile.Read(ref _logKeys[at]) == key)
        {
            int s = Volatile.Read(ref _logSlots[at]);
            // The key is written before its slot: a slot not there yet reads as 0 with a key not at slot 0.
            if (s != 0 || Volatile.Read(ref _slots[0]) == key)
            {
                cursor = at + 1;
                return s;
            }
        }
        int slot = Intern(key);
        if (slot >= 0 && Volatile.Read(ref _placeOf[slot]) is int place and > 0) cursor = place;
        return slot;
    }

    /// <summary>Slot numbers are below this.</summary>
    public int Capacity => _slots.Length;

    /// <summary>The slot of <paramref name="key"/> (not 0), taking a free one when it has none; -1 when the table is full.</summary>
    public int Intern(ulong key)
    {
        int i = Home(key);
        while (true)
        {
            ulong k = Volatile.Read(ref _slots[i]);
            if (k == key) return i;
            if (k == 0)
            {
                if (Volatile.Read(ref _used) >= _limit) return -1;
                ulong was = Interlocked.CompareExchange(ref _slots[i], key, 0UL);
                if (was == 0)
                {
                    int place = Interlocked.Increment(ref _used);
                    // Sessions racing past the limit check may take a few slots more than the log holds: not logged.
                    if (place > _logKeys.Length) return i;
                    Volatile.Write(ref _logKeys[place - 1], key);
                    Volatile.Write(ref _logSlots[place - 1], i);
                    Volatile.Write(ref _placeOf[i], place);
                    return i;
                }
                // Another session took this slot just now: for this key, or for another one further down its run.
                if (was == key) return i;
            }
            i = (i + 1) & _mask;
        }
    }

    /// <summary>The slot of <paramref name="key"/> (not 0), or -1 when no session ever had it.</summary>
    public int Find(ulong key)
    {
        int i = Home(key);
        while (true)
        {
            ulong k = Volatile.Read(ref _slots[i]);
            if (k == key) return i;
            if (k == 0) return -1;
            i = (i + 1) & _mask;
        }
    }

    // Fibonacci hashing, as PrefixSet's own table.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Home(ulong key) => (int)((key * 0x9E3779B97F4A7C15UL) >> _shift);
}
