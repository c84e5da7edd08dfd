namespace Bgp.Rib.Engine;

/// <summary>
/// The destinations of one Loc-RIB table whose best path changed since the engine's last export flush
/// (<see cref="RibEngine.BatchExports"/>), each once, in the order they first changed. A destination in the batch is
/// held (<see cref="LocRib.HoldDestination"/>), so it is neither freed nor reused for another prefix before the
/// flush exports it. One bit per destination index says whether it is in.
/// </summary>
internal sealed class ExportBatch
{
    private const int InitialCapacity = 256;
    private int[] _destinations = new int[InitialCapacity];
    private ulong[] _marks = [];
    private int _count;

    public int Count => _count;

    public int this[int i] => _destinations[i];

    /// <summary>Adds destination <paramref name="d"/> of <paramref name="table"/> unless it is in already, and holds it.</summary>
    public void Mark(LocRib table, int d)
    {
        int word = d >> 6;
        ulong bit = 1UL << (d & 63);
        if (word >= _marks.Length) Array.Resize(ref _marks, Math.Max(word + 1, _marks.Length * 2));
        if ((_marks[word] & bit) != 0) return;
        table.HoldDestination(d);
        _marks[word] |= bit;
        if (_count == _destinations.Length) Array.Resize(ref _destinations, _count * 2);
        _destinations[_count++] = d;
    }

    /// <summary>Takes <paramref name="d"/> out of the marks (the flush then exports it and releases its hold).</summary>
    public void Unmark(int d) => _marks[d >> 6] &= ~(1UL << (d & 63));

    /// <summary>Empties the list once every destination in it was unmarked. Its storage stays for the next batch of the burst.</summary>
    public void Clear() => _count = 0;

    /// <summary>Entries the list has room for (for tests).</summary>
    internal int Capacity => _destinations.Length;

    /// <summary>
    /// Gives back a list a burst grew, once the RIB is idle (RibEngine.TrimIdle). Given back at every flush instead, a
    /// table's ingest regrew it by doubling after each of its 65,536-prefix flushes: about 512 KB each, the largest
    /// arrays on the large object heap, which only a full collection reclaims.
    /// </summary>
    public void TrimIdle()
    {
        if (_count == 0 && _destinations.Length > InitialCapacity) _destinations = new int[InitialCapacity];
    }
}
