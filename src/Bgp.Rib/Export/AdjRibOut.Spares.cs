using System.Numerics;

namespace Bgp.Rib.Export;

/// <summary>
/// Drained pending groups this Adj-RIB-Out keeps for its own next sets, before the interner's shared pool
/// (PendingGroupPool). A route reflector's clients each pend a RIB loop turn's sets (about 256, one per UPDATE
/// of workload 3) and drain them before the next turn: the shared pool's 256 KiB (about 1,000 groups) served
/// the first few clients of a turn, and the other 45 allocated a group and a 32-entry list per set afresh
/// (FanOutBenchmarks.ReflectInTurns; in perf of workload 3 PendingGroup.AddDense and GroupFor were 22 % of
/// bgpd with a third of it the collector zeroing and faulting in their fresh memory). Kept here, a client
/// reuses the groups it drained itself, so the spares grow with the peers only up to one turn's sets each
/// (<see cref="MaxSpareBytes"/>) and 8 MiB for all peers of the interner (PendingGroupPool.MaxPeerSpareBytes;
/// workload 3's 50 clients need about 6), and go when a whole trim interval asked for no group (<see cref="TrimIdle"/>).
/// </summary>
public sealed partial class AdjRibOut
{
    /// <summary>Octets of spare groups (counted as PendingGroupPool counts them) one Adj-RIB-Out keeps at most.</summary>
    internal const int MaxSpareBytes = 128 << 10;

    /// <summary>Entries of the longest dense list kept (2 KiB): room for a customer cone, not for a mass change's.</summary>
    internal const int MaxDenseList = 512;

    /// <summary>The dense lists' first length (PendingGroup's): every list kept is this times a power of two.</summary>
    private const int FirstDenseLength = 32;

    private readonly Stack<PendingGroup> _spares = new();
    // Drained groups' dense lists by size (32, 64, ... MaxDenseList entries), counted in _spareBytes too.
    private readonly Stack<int[]>?[] _denseLists = new Stack<int[]>?[DenseClass(MaxDenseList) + 1];
    private int _spareBytes;
    // Groups asked for since the last TrimIdle (from anywhere: a peer that allocates now drains into its spares).
    private int _groupRents;

    /// <summary>Spare groups this Adj-RIB-Out keeps (for tests).</summary>
    internal int SpareCount => _spares.Count;

    /// <summary>Octets the spare groups count against <see cref="MaxSpareBytes"/> (for tests).</summary>
    internal int SpareBytes => _spareBytes;

    /// <summary>An empty group for <paramref name="route"/>: one this Adj-RIB-Out drained, else the interner's.</summary>
    private PendingGroup RentGroup(ExportedRoute route)
    {
        _groupRents++;
        if (!_spares.TryPop(out var group)) return _interner.SpareGroups.Rent(route.Afi, route);
        CountSpare(-PendingGroupPool.CostOf(group));
        group.Reuse(route.Afi, route);
        return group;
    }

    /// <summary>A drained group (dequeued, out of the group table) kept for the next set: here while there is room, else by the interner.</summary>
    private void Recycle(PendingGroup group)
    {
        // The dense list goes apart, by size, for whichever group outgrows its list next (GrowDense).
        if (group.TakeDense() is { } list) KeepDenseList(list);
        group.ClearForReuse();
        int cost = PendingGroupPool.CostOf(group);
        if (!HasSpareRoom(cost))
        {
            _interner.SpareGroups.Return(group);
            return;
        }
        CountSpare(cost);
        _spares.Push(group);
    }

    /// <summary>
    /// Makes room for one more entry in <paramref name="group"/>'s full dense list: a spare list at least twice as
    /// long when there is one, else a new one. Sets are 1 to 300 routes (about 15 on average, bench/BgpLoad's
    /// SyntheticTable), so a group taken from the spares rarely has the right size: grown afresh, lists of 33
    /// to 300 routes cost every client of a route reflector 20 MB of the 100k-prefix table
    /// (FanOutBenchmarks.PendAndDrainInTurns, allocation trace).
    /// </summary>
    private void GrowDense(PendingGroup group)
    {
        int want = Math.Max(FirstDenseLength, group.DenseCapacity * 2);
        int[]? list = null;
        // The size asked for, or the next: a small set that took a cone's list would leave the next cone none.
        for (int c = DenseClass(want), last = Math.Min(c + 1, _denseLists.Length - 1); c <= last && list is null; c++)
        {
            if (_denseLists[c] is not { Count: > 0 } lists) continue;
            list = lists.Pop();
            CountSpare(-list.Length * sizeof(int));
        }
        // The list outgrown is kept too: each growing set passes through the smaller sizes, so only lists of sets
        // that stopped growing there would come back to them otherwise.
        var old = group.MoveDenseTo(list ?? GC.AllocateUninitializedArray<int>(want));
        if (old.Length > 0) KeepDenseList(old);
    }

    /// <summary>Keeps a drained group's dense list for <see cref="GrowDense"/> when it is of a kept size and the bound has room.</summary>
    private void KeepDenseList(int[] list)
    {
        int bytes = list.Length * sizeof(int);
        if (!BitOperations.IsPow2(list.Length) || list.Length < FirstDenseLength || list.Length > MaxDenseList
            || !HasSpareRoom(bytes))
            return;
        (_denseLists[DenseClass(list.Length)] ??= new Stack<int[]>()).Push(list);
        CountSpare(bytes);
    }

    /// <summary>
    /// True when <paramref name="bytes"/> more of spares fit this Adj-RIB-Out's bound and the interner's for all
    /// of them (PendingGroupPool.MaxPeerSpareBytes): 500 peers each keeping a turn's groups (workload 5) would
    /// otherwise hold tens of MB until the next trim.
    /// </summary>
    private bool HasSpareRoom(int bytes) =>
        _spareBytes + bytes <= MaxSpareBytes && _interner.SpareGroups.PeerSpareBytes + bytes <= PendingGroupPool.MaxPeerSpareBytes;

    /// <summary>Counts <paramref name="bytes"/> (negative: given back) of spares here and in the interner's total.</summary>
    private void CountSpare(int bytes)
    {
        _spareBytes += bytes;
        _interner.SpareGroups.PeerSpareBytes += bytes;
    }

    /// <summary>The size class of a dense list of <paramref name="length"/> entries (a power of two from <see cref="FirstDenseLength"/>).</summary>
    private static int DenseClass(int length) => BitOperations.Log2((uint)length) - BitOperations.Log2(FirstDenseLength);

    /// <summary>Lets the spares go when none was taken since the last call; true when it kept some.</summary>
    private bool TrimSpares()
    {
        bool used = _groupRents > 0;
        _groupRents = 0;
        if (used) return _spareBytes > 0;
        ClearSpares();
        return false;
    }

    private void ClearSpares()
    {
        _spares.Clear();
        _spares.TrimExcess();
        Array.Clear(_denseLists);
        CountSpare(-_spareBytes);
    }

    /// <summary>Octets of list storage the spare groups keep, this Adj-RIB-Out's and the interner's (for tests).</summary>
    internal int SpareStorageBytes
    {
        get
        {
            int bytes = _interner.SpareGroups.StorageBytes;
            foreach (var g in _spares) bytes += g.StorageBytes;
            foreach (var lists in _denseLists)
                if (lists is not null)
                    foreach (var l in lists) bytes += l.Length * sizeof(int);
            return bytes;
        }
    }
}
