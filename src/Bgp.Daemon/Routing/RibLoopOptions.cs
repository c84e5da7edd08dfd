namespace Bgp.Daemon.Routing;

/// <summary>Sizes of the RIB loop.</summary>
public sealed record RibLoopOptions
{
    public static readonly RibLoopOptions Default = new();

    /// <summary>Commands waiting for the RIB; a full channel makes the per-session forwarders wait.</summary>
    public int CommandCapacity { get; init; } = 4096;

    /// <summary>Commands handled before output is drained, so a flood of UPDATEs still lets changes out.</summary>
    public int MaxBatch { get; init; } = 256;

    /// <summary>
    /// UPDATEs of one session handed to the RIB and not yet applied at which that session stops reading its
    /// socket (read backpressure, see <see cref="Transport.ReadGate"/>); it reads again at <see cref="PeerReadLowWater"/>.
    /// </summary>
    public int PeerReadHighWater { get; init; } = 128;

    /// <summary>Where a paused session resumes reading; below <see cref="PeerReadHighWater"/>.</summary>
    public int PeerReadLowWater { get; init; } = 64;

    /// <summary>
    /// UPDATEs a session may hand the RIB beyond the slowest session sending at the same time before it stops reading
    /// (<see cref="Transport.ReadPacer"/>); 0 reads every session as fast as it comes. 32: in bench workload 2 (four
    /// full tables at once) it cut the announcements to the receiver from 2.34-2.56M to 1.45-1.59M.
    /// </summary>
    public int PeerReadLag { get; init; } = 32;

    /// <summary>
    /// Best-path changes batched before they are exported (RibEngine.BatchExports): the loop exports the batch when its
    /// queue of commands runs dry, before any command other than an UPDATE, once this many prefixes wait, or once it
    /// has handled <see cref="ExportBatchCommands"/> commands since the batch began. 0 exports each change as it happens.
    /// </summary>
    public int ExportBatchLimit { get; init; } = 65536;

    /// <summary>
    /// Commands after which a batch is exported even while the queue never runs dry (a loop saturated by churn on a few
    /// prefixes). 4,096 UPDATEs are about as many as bring 65,536 prefixes of a full table (17 per UPDATE in bench
    /// workload 2), and a small fraction of a second of a saturated loop's work.
    /// </summary>
    public int ExportBatchCommands { get; init; } = 4096;

    /// <summary>
    /// Octets encoded for one peer at a time (at least one extended message, 65535). The default keeps each
    /// chunk array under the 85,000-octet large object threshold: a chunk lives only until the peer's queue
    /// has written it, and large objects are reclaimed only by full (gen2) collections, so 256 KiB chunks
    /// for 50 route-reflector clients piled up as hundreds of MB of RSS between them.
    /// </summary>
    public int OutputBudget { get; init; } = 80 * 1024;

    /// <summary>
    /// How often the RIB gives back storage that bursts grew and no longer use (RibEngine.TrimIdle: a drained
    /// Adj-RIB-Out's pending map, pending bitsets and spare groups).
    /// </summary>
    public TimeSpan TrimInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// After a burst, once no command has come for this long (counted in trim ticks), one full blocking,
    /// non-compacting collection (a compacting one raised RSS in workload 5) gives the burst's garbage back to
    /// the system; null (the default, for tests and embedders that manage the GC themselves) never does.
    /// Without it an idle daemon keeps what a burst promoted to the oldest generation: nothing allocates, so
    /// nothing collects it. Workload 5 (500 sessions just established, then idle): RSS 123 MB, 106 MB after one
    /// full collection, about 35 kB per session. Its pause after a full table (workload 1, 1.29M routes,
    /// EventPipe GC trace): 45.5 ms, once.
    /// </summary>
    public TimeSpan? IdleCollectAfter { get; init; }

    /// <summary>
    /// How much the GC heap must have grown (GC.GetTotalMemory, garbage included) since the last idle collection
    /// for the next one to run: a trickle of UPDATEs between quiet spells does not pay for a full collection.
    /// </summary>
    public long IdleCollectMinimumGrowth { get; init; } = 8 << 20;

    /// <summary>
    /// How long a member of an update group (RibEngineSettings.UpdateGroups) may hold its group back before it splits
    /// off into a group of its own (RibLoop.Groups.cs): the loop writes nothing more for a group while a member's send
    /// task still holds octets already written, and a member that stops reading (a wedged peer, a TCP window that
    /// stays closed) froze every other member's route updates until its send hold timer (RFC 9687) ended its session,
    /// minutes later. 2 s: longer than a healthy peer takes to read the rest of one chunk (at most
    /// <see cref="OutputBudget"/>, 80 KiB: 0.66 s at 1 Mbit/s), so a split means a peer really is stuck, and short
    /// against that timer; the member merges back
    /// once it has caught up, so a split costs little either way. Checked whenever the group has output to write and
    /// at every <see cref="TrimInterval"/> tick, so a group waits at most this plus one tick. Null never splits (the
    /// slowest member paces its group for as long as its session lasts).
    /// </summary>
    public TimeSpan? GroupStallSplitAfter { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The clock of the graceful-restart timers (restart time, stale path time), of the trim and of <see cref="GroupStallSplitAfter"/>.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
