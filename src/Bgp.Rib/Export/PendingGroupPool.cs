using Bgp.Protocol;

namespace Bgp.Rib.Export;

/// <summary>
/// Drained <see cref="PendingGroup"/>s kept for the next sets, shared by every Adj-RIB-Out of one
/// <see cref="ExportInterner"/> (the RIB's single writer owns both, so no locking). Each Adj-RIB-Out kept its
/// own 64 spares before: a full-table ingest pends about 256 new sets per RIB loop turn (MaxBatch UPDATEs of
/// about 15 prefixes each), so most of a turn's groups were new, each with a fresh 32-entry list (workload 1:
/// 2 MB of PendingGroup and 11.2 MB of int[] in an allocation trace). A shared pool serves a route reflector's
/// clients in turn (50 clients pend 50 groups per set before the loop drains them), and its bound does not grow
/// with the number of peers: at most <see cref="MaxBytes"/> octets of spare groups, each counted as its lists'
/// storage (at most <see cref="PendingGroup.SpareLength"/> entries of room, ClearForReuse) plus
/// <see cref="GroupOverhead"/>; a typical drained group keeps one 32-entry list, about 260 octets in all, so
/// the pool holds about 1,000 of them: a turn's sets for one peer. A 4 MiB bound (16,000 groups) was worse
/// for a route reflector: 50 clients cycled about 12,800 groups per turn through it, every rent touched a
/// cold group and its lists (perf of workload 3: GroupFor and Rent 10.2 % of bgpd's samples against 3.6 %
/// with per-peer spares), and the spares held 10-14 MB more (VmHWM 157-162 MB against 141-148). Each
/// Adj-RIB-Out now keeps the groups it drained itself first (AdjRibOut.Spares.cs, 128 KiB each), so this pool
/// takes only what overflows those.
/// </summary>
internal sealed class PendingGroupPool
{
    /// <summary>Octets of spare groups kept at most.</summary>
    internal const int MaxBytes = 256 << 10;

    /// <summary>Octets of spares all Adj-RIBs-Out of the interner keep of their own (AdjRibOut.Spares.cs) at most.</summary>
    internal const int MaxPeerSpareBytes = 8 << 20;

    /// <summary>Octets of spares the Adj-RIBs-Out of the interner keep of their own now (they count them here).</summary>
    internal int PeerSpareBytes { get; set; }

    /// <summary>What a group costs beyond its lists' storage: the object and the arrays' headers, about.</summary>
    internal const int GroupOverhead = 100;

    private readonly Stack<PendingGroup> _spare = new();
    private int _bytes;
    // Groups asked for since the last TrimIdle: the pool serves every peer, so one idle peer says nothing about it.
    private int _rents;

    /// <summary>Spare groups held.</summary>
    public int Count => _spare.Count;

    /// <summary>Octets the spare groups count against <see cref="MaxBytes"/>.</summary>
    public int Bytes => _bytes;

    /// <summary>Entries the spare stack has room for (for tests of trimming).</summary>
    public int Capacity => _spare.Capacity;

    /// <summary>An empty group for <paramref name="route"/>: a spare when there is one.</summary>
    public PendingGroup Rent(Afi afi, ExportedRoute route)
    {
        _rents++;
        if (!_spare.TryPop(out var group)) return new PendingGroup(afi, route);
        _bytes -= CostOf(group);
        group.Reuse(afi, route);
        return group;
    }

    /// <summary>Takes back a drained group (dequeued, out of its Adj-RIB-Out's group table) unless the pool is full.</summary>
    public void Return(PendingGroup group)
    {
        group.ClearForReuse();
        int cost = CostOf(group);
        if (_bytes + cost > MaxBytes) return;
        _bytes += cost;
        _spare.Push(group);
    }

    /// <summary>
    /// Lets every spare go when no group was asked for since the last call (RibEngine.TrimIdle, on the RIB loop's
    /// trim timer, which also ticks during a long ingest): a whole interval without a new pending set. Returns
    /// true when it kept spares, which only a later call can let go.
    /// </summary>
    public bool TrimIdle()
    {
        bool used = _rents > 0;
        _rents = 0;
        if (used) return _spare.Count > 0;
        _spare.Clear();
        _spare.TrimExcess();
        _bytes = 0;
        return false;
    }

    /// <summary>What a spare group counts against <see cref="MaxBytes"/> (unchanged while it is spare).</summary>
    internal static int CostOf(PendingGroup group) => GroupOverhead + group.StorageBytes;

    /// <summary>Octets of list storage the spare groups keep (for tests).</summary>
    internal int StorageBytes
    {
        get
        {
            int bytes = 0;
            foreach (var g in _spare) bytes += g.StorageBytes;
            return bytes;
        }
    }
}
