namespace Bgp.Daemon.Routing;

/// <summary>
/// Which thread runs the loop (issue #7, workload 4). At low rates each UPDATE found the loop waiting, and its write
/// queued the loop's continuation to the thread pool: one more thread woken per UPDATE (2.3 context switches per UPDATE
/// in all, most of the CPU spent switching). The command channel now allows synchronous continuations, so the write that
/// ends the loop's wait resumes the loop on the writer's own thread, and RunAsync decides whether to stay there.
/// <para>
/// It stays only on a session forwarder's thread (<see cref="OnForwarderThread"/>, true only while a forwarder's write
/// into this loop runs): the hot path, where the UPDATE is then applied and its output offered without another
/// thread. A forwarder runs on a pool thread of its own: it starts from the pool (not inside Attach and its lock), its
/// inbox resumes it asynchronously (never inside a session's event handler, which runs under the session's lock), and
/// it holds nothing while it writes. Nothing waits for a forwarder but its own inbox, and the loop never waits
/// synchronously for anything (an UPDATE's <see cref="Transport.ReadGate.Taken"/> and a query's reply complete with
/// RunContinuationsAsynchronously), so the loop cannot wait for the forwarder it runs on.
/// </para>
/// <para>
/// Any other writer - <see cref="PostAsync"/> and the queries (API handlers, the daemon, KernelSync, tests that may hold
/// a lock or wait for the loop), the timers (deferral, stale path, trim), PeerDrained from a send task (it resumes on
/// the socket's send loop) - gets its thread back at once: the loop, resumed there, only counts the wake and hops to the
/// pool (<see cref="ThreadPoolHop"/>) before it touches a command. That is what the wake always cost them (the
/// continuation was queued to the pool), and their writes are what they were: the same channel, written on the caller's
/// thread, in the caller's order (a caller that awaits PostAsync(a) then PostAsync(b) has a handled before b), and a
/// query's answer still comes back through its reply. Writes waiting on a full channel resume asynchronously whatever
/// the option (the bounded channel always queues them), so no writer's code runs inside the loop's TryRead.
/// </para>
/// <para>
/// StopAsync completes the channel after its cancel, and that resumes a waiting loop on StopAsync's thread: only the
/// loop's exit runs there, never a command (a waiting loop has none left); its finally abandons the queued queries, whose
/// replies continue asynchronously.
/// </para>
/// <para>
/// Fairness: a forwarder lends its thread for one round (at most <see cref="RibLoopOptions.MaxBatch"/> commands, then
/// the output). If commands still wait after it, the loop goes on from the pool and the forwarder back to its inbox, so
/// a forwarder is never kept by the other sessions' traffic. Meanwhile its session's inbox keeps filling, and that
/// session's <see cref="Transport.ReadGate"/> still holds: it counts the session's UPDATEs until the loop applied them,
/// wherever they wait, so the session stops reading at the high mark and reads again once the loop has taken enough;
/// the busy forwarder delays that by one round at most. Within a round, commands are handled in channel order whichever
/// thread runs it, so no session is preferred for lending its thread.
/// </para>
/// </summary>
public sealed partial class RibLoop
{
    // Times the loop waited for a command and a write woke it (written by the loop only).
    private long _wakeups;

    /// <summary>Tests only: times the loop waited for a command and a write woke it.</summary>
    internal long Wakeups => Volatile.Read(ref _wakeups);

    /// <summary>True on the thread of a session forwarder's write into this loop (the loop may run one round there).</summary>
    internal bool OnForwarderThread => RibSessionBinding.IsForwardingInto(_commands.Writer);
}
