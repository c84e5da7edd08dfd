namespace Bgp.Rib.Engine;

/// <summary>
/// Batched export. While a burst of UPDATEs is being applied, one prefix's best path may change several times: four
/// peers sending the full table in parallel change most prefixes' best path twice on average before the last copy
/// arrives. Exported at once, every change runs the export rules and policy for every peer and is likely written
/// before the next change of the same prefix comes, so the receivers get the same prefix again and again. With
/// <see cref="BatchExports"/> on, a best-path change only marks its destination (<see cref="ExportBatch"/>); the
/// caller (the RIB loop) calls <see cref="FlushExports"/> when its queue of commands runs dry, the batch grows
/// large or it has handled many commands since the batch began, and each marked destination is exported once with
/// the best path it has then. What reaches a peer is what immediate export would have ended with: an Adj-RIB-Out
/// coalesces pending changes per prefix either way.
/// <para>
/// Every command other than an UPDATE flushes first (<see cref="Execute"/>), so peers coming up or going down,
/// policy changes, refreshes, next-hop changes and the ends of graceful restarts all see an Adj-RIB-Out that is up
/// to date, exactly as without batching; update groups do not merge while a batch waits
/// (<see cref="MergeGroups"/>: the members' sent states would not be export(key, best path) yet). ADD-PATH send
/// exports per path and is never batched, nor is anything while selection is deferred (RFC 4724 4.1). Observers
/// (<see cref="AddObserver"/>: the kernel and the API's watchers) still hear of every change at once.
/// </para>
/// </summary>
public sealed partial class RibEngine
{
    private readonly ExportBatch _batchV4 = new();
    private readonly ExportBatch _batchV6 = new();
    private bool _batchExports;

    /// <summary>
    /// Whether best-path changes wait in a batch for <see cref="FlushExports"/> (off by default: each is exported as
    /// it happens). Turning it off flushes.
    /// </summary>
    public bool BatchExports
    {
        get => _batchExports;
        set
        {
            if (!value) FlushExports();
            _batchExports = value;
        }
    }

    /// <summary>Entries the two batches' lists have room for (for tests of when they are given back).</summary>
    internal int ExportBatchCapacity => _batchV4.Capacity + _batchV6.Capacity;

    /// <summary>Destinations waiting in the batch for <see cref="FlushExports"/>.</summary>
    public int PendingExports => _batchV4.Count + _batchV6.Count;

    /// <summary>Exports every destination in the batch once, with the best path it has now, to every peer it goes to.</summary>
    public void FlushExports()
    {
        Flush(Rib.Ipv4, _batchV4);
        Flush(Rib.Ipv6, _batchV6);
    }

    private ExportBatch Batch(LocRib table) => ReferenceEquals(table, Rib.Ipv6) ? _batchV6 : _batchV4;

    private void Flush(LocRib table, ExportBatch batch)
    {
        if (batch.Count == 0) return;
        for (int i = 0; i < batch.Count; i++)
        {
            int d = batch[i];
            batch.Unmark(d);
            // Held since it was marked, so still this prefix's destination, with or without a path.
            ExportDestination(table, table.PrefixAt(d), d);
            table.ReleaseDestination(d);
        }
        batch.Clear();
    }
}
