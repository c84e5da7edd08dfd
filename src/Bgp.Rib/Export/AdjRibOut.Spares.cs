namespace Bgp.Rib.Export;

/// <summary>
/// Drained pending groups this Adj-RIB-Out keeps for its own next sets, before the interner's shared pool
/// (PendingGroupPool). A route reflector's clients each pend a RIB loop turn's sets (about 256, one per UPDATE
/// of workload 3) and drain them before the next turn: the shared pool's 256 KiB (about 1,000 groups) served
/// the first few clients of a turn, and the other 45 allocated a group and a 32-entry list per set afresh
/// (FanOutBenchmarks.ReflectInTurns; in perf of workload 3 PendingGroup.AddDense and GroupFor were 22 % of
/// bgpd with a third of it the collector zeroing and faulting in their fresh memory). Kept here, a client
/// reuses the groups it drained itself, so the spares grow with the peers only up to one turn's sets each
/// (<see cref="MaxSpareBytes"/>), and go when a whole trim interval asked for no group (<see cref="TrimIdle"/>).
/// </summary>
public sealed partial class AdjRibOut
{
    /// <summary>Octets of spare groups (counted as PendingGroupPool counts them) one Adj-RIB-Out keeps at most.</summary>
    internal const int MaxSpareBytes = 128 << 10;

    private readonly Stack<PendingGroup> _spares = new();
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
        _spareBytes -= PendingGroupPool.CostOf(group);
        group.Reuse(route.Afi, route);
        return group;
    }

    /// <summary>A drained group (dequeued, out of the group table) kept for the next set: here while there is room, else by the interner.</summary>
    private void Recycle(PendingGroup group)
    {
        group.ClearForReuse();
        int cost = PendingGroupPool.CostOf(group);
        if (_spareBytes + cost > MaxSpareBytes)
        {
            _interner.SpareGroups.Return(group);
            return;
        }
        _spareBytes += cost;
        _spares.Push(group);
    }

    /// <summary>Lets the spares go when none was taken since the last call; true when it kept some.</summary>
    private bool TrimSpares()
    {
        bool used = _groupRents > 0;
        _groupRents = 0;
        if (used) return _spares.Count > 0;
        ClearSpares();
        return false;
    }

    private void ClearSpares()
    {
        _spares.Clear();
        _spares.TrimExcess();
        _spareBytes = 0;
    }

    /// <summary>Octets of list storage the spare groups keep, this Adj-RIB-Out's and the interner's (for tests).</summary>
    internal int SpareStorageBytes
    {
        get
        {
            int bytes = _interner.SpareGroups.StorageBytes;
            foreach (var g in _spares) bytes += g.StorageBytes;
            return bytes;
        }
    }
}
