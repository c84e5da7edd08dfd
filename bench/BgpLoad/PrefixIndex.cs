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
/// </summary>
public sealed class PrefixIndex
{
    private readonly ulong[] _slots;
    private readonly int _mask;
    private readonly int _shift;
    private readonly int _limit;
    private int _used;

    /// <param name="expected">Prefixes of the family one session expects: the table is at most half full with them.</param>
    public PrefixIndex(int expected)
    {
        int size = 1024;
        while (size < expected * 2) size <<= 1;
        _slots = new ulong[size];
        _mask = size - 1;
        _shift = 64 - System.Numerics.BitOperations.Log2((uint)size);
        _limit = size / 4 * 3;
        // Faulted in now rather than in the timed run (about 13.5 us per 4 KiB page on this VM).
        for (int i = 0; i < size; i += 512) Volatile.Write(ref _slots[i], 0UL);
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
                    Interlocked.Increment(ref _used);
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
