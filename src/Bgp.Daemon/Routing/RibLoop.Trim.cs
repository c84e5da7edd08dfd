namespace Bgp.Daemon.Routing;

public sealed partial class RibLoop
{
    /// <summary>Commands other than queries the loop has handled; written by the loop only.</summary>
    private long _handledCommands;
    private int _trims;
    // Used only inside the trim query, on the loop.
    private readonly List<int> _trimScratch = [];

    private int _idleCollections;

    /// <summary>Trims run so far (for tests of when the timer trims).</summary>
    internal int TrimCount => Volatile.Read(ref _trims);

    /// <summary>Idle collections run so far (<see cref="RibLoopOptions.IdleCollectAfter"/>).</summary>
    internal int IdleCollections => Volatile.Read(ref _idleCollections);

    /// <summary>
    /// Every <see cref="RibLoopOptions.TrimInterval"/>, the loop runs RibEngine.TrimIdle: each Adj-RIB-Out with
    /// nothing pending gives back the storage its last burst grew (an initial table's pending map would stay
    /// sized for the whole table for the session otherwise). On a timer rather than whenever the command queue
    /// runs empty: a paced sender empties the queue after nearly every UPDATE, and trimming then rebuilt the map
    /// at every write, the cost the pending map keeps its storage through drains to avoid (96 MB of a
    /// full-table ingest's allocations). Once a second costs at most one rebuild per second. The same ticks
    /// count a quiet spell for the idle collection (<see cref="RibLoopOptions.IdleCollectAfter"/>). While output is
    /// pending the trim runs at every tick, and the drain round after its query is where an update group held back by a
    /// member's send task finds that member stalled and splits it off (<see cref="RibLoopOptions.GroupStallSplitAfter"/>,
    /// RibLoop.Groups.cs) when no command comes to wake the loop.
    /// </summary>
    private async Task TrimPeriodicallyAsync(CancellationToken cancellationToken)
    {
        // Commands handled as of the last trim (queries, the trim's own included, do not count): an idle daemon
        // (500 quiet sessions, workload 5) is not woken every second for nothing; one trim follows the last burst.
        long trimmedAt = -1;
        // Ticks in a row with no command since the last trim, and whether this quiet spell has been collected.
        int quietTicks = 0;
        bool collected = false;
        long heapAfterCollection = GC.GetTotalMemory(forceFullCollection: false);
        try
        {
            while (true)
            {
                await Task.Delay(_options.TrimInterval, _options.Time, cancellationToken).ConfigureAwait(false);
                long handled = Volatile.Read(ref _handledCommands);
                if (handled == trimmedAt)
                {
                    quietTicks++;
                    if (!collected && _options.IdleCollectAfter is { } after && quietTicks * _options.TrimInterval >= after)
                    {
                        collected = true;
                        CollectIfGrown(ref heapAfterCollection);
                    }
                    continue;
                }
                quietTicks = 0;
                collected = false;
                trimmedAt = handled;
                bool busy = await QueryAsync(engine =>
                {
                    // True while the engine kept spare groups taken during the interval just ended: they go only
                    // at a later trim, and after the last burst no command brings one.
                    bool again = engine.TrimIdle();
                    Volatile.Write(ref _trims, _trims + 1);
                    _trimScratch.Clear();
                    return engine.CollectPeersWithPending(_trimScratch) > 0 || again;
                }, cancellationToken).ConfigureAwait(false);
                // Output still pending: the loop writes it right after this query (and after later commands),
                // refilling what the trim gave back (drained groups become spares), and when no command
                // follows, nothing would trim again; so the next tick does. Likewise for spares the trim kept. And an
                // update group whose output waits for a stalled member is split at the round after that tick's query.
                if (busy) trimmedAt = -1;
            }
        }
        catch (OperationCanceledException)
        {
            // Shutdown: the delay was cancelled, or the stopping loop abandoned the query.
        }
        catch (System.Threading.Channels.ChannelClosedException)
        {
            // The loop stopped.
        }
    }

    /// <summary>One full collection when the heap grew by <see cref="RibLoopOptions.IdleCollectMinimumGrowth"/> since the last.</summary>
    private void CollectIfGrown(ref long heapAfterCollection)
    {
        if (GC.GetTotalMemory(forceFullCollection: false) - heapAfterCollection < _options.IdleCollectMinimumGrowth) return;
        // Off the loop: a blocking collection stops every thread anyway, and nothing runs now.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: false);
        heapAfterCollection = GC.GetTotalMemory(forceFullCollection: false);
        Interlocked.Increment(ref _idleCollections);
    }
}
