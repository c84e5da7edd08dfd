namespace Bgp.Rib;

/// <summary>
/// The open-addressing index shared by the Loc-RIB's prefix table and the Adj-RIB-Out's maps: a power-of-two
/// array of 8-octet buckets, each holding a 32-bit hash fingerprint (high half) and an entry index + 1 (low
/// half; 0 is empty), probed linearly from the home bucket, which is the fingerprint's top bits. Because the
/// home comes from the stored fingerprint, growing and deleting never read the entries themselves (each read
/// would be a cache miss in a table of a million routes).
/// </summary>
internal static class FingerprintIndex
{
    /// <summary>The home bucket of <paramref name="bucket"/>'s value in a table using <paramref name="homeShift"/>.</summary>
    public static int Home(ulong bucket, int homeShift) => (int)((uint)(bucket >> 32) >> homeShift);

    /// <summary>A new index of <paramref name="size"/> buckets (a power of two) holding every entry of <paramref name="old"/>.</summary>
    public static ulong[] Rehash(ulong[] old, int size, out int homeShift)
    {
        var buckets = new ulong[size];
        Rehash(old, buckets, out homeShift);
        return buckets;
    }

    /// <summary>
    /// Fills <paramref name="buckets"/> (empty, a power-of-two length) with every entry of <paramref name="old"/>:
    /// the same for an index kept in native memory (the Loc-RIB's, see <see cref="NativeBuffer{T}"/>).
    /// </summary>
    public static void Rehash(ReadOnlySpan<ulong> old, Span<ulong> buckets, out int homeShift)
    {
        int size = buckets.Length;
        int shift = 32 - System.Numerics.BitOperations.Log2((uint)size);
        int mask = size - 1;
        foreach (ulong v in old)
        {
            if (v == 0) continue;
            int i = Home(v, shift);
            while (buckets[i] != 0) i = (i + 1) & mask;
            buckets[i] = v;
        }
        homeShift = shift;
    }

    /// <summary>Empties bucket <paramref name="hole"/>; backward-shift deletion keeps every probe chain unbroken (no tombstones).</summary>
    public static void RemoveAt(Span<ulong> buckets, int hole, int homeShift)
    {
        int mask = buckets.Length - 1;
        buckets[hole] = 0;
        for (int j = (hole + 1) & mask; buckets[j] != 0; j = (j + 1) & mask)
        {
            int home = Home(buckets[j], homeShift);
            // The entry at j may move back into the hole unless its home lies cyclically in (hole, j].
            bool stays = hole <= j ? home > hole && home <= j : home > hole || home <= j;
            if (stays) continue;
            buckets[hole] = buckets[j];
            buckets[j] = 0;
            hole = j;
        }
    }
}
