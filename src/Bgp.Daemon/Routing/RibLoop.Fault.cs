using Bgp.Rib.Engine;

namespace Bgp.Daemon.Routing;

/// <summary>
/// A loop ended by a broken invariant: an exception other than the stop's cancellation (exceptions are for those, STYLE
/// rule 2). Nothing takes the sessions' UPDATEs any more. Left so, every session stayed held at its read gate, its TCP
/// window closed, while its KEEPALIVEs went on: peers kept routing through a daemon whose RIB was dead. So the loop
/// opens every read gate for good (nothing waits on a dead consumer) and reports the fault (<see cref="Faulted"/>); bgpd
/// then stops as for SIGTERM, its peers getting the CEASE, and exits non-zero so that systemd or Kubernetes restart it
/// (Hosting/ControlLoop.cs): what a crash gives a BIRD user.
/// </summary>
public sealed partial class RibLoop
{
    private Exception? _fault;

    /// <summary>
    /// Raised once, on the loop's thread, when an exception other than the stop ended the loop: after its channel was
    /// closed and every session's read gate opened for good. Handlers must not block.
    /// </summary>
    public event EventHandler<Exception>? Faulted;

    /// <summary>The exception that ended the loop other than by the stop, or null. <see cref="StopAsync"/> does not throw it.</summary>
    public Exception? Fault
    {
        get
        {
            lock (_gate) return _fault;
        }
    }

    // Before the channel closes: a writer that finds it closed can tell why.
    private void RecordFault(Exception fault, RibCommand? handling)
    {
        lock (_gate) _fault = fault;
        // A query whose own read, or the export flush before it, broke the invariant is out of the channel: neither
        // answered nor among the queries the loop abandons when it ends, its caller waited forever. A reload waits with
        // no timeout (DetachAsync's barrier query): it held the control loop, and the failure's own request behind it
        // never stopped bgpd.
        if (handling is RibQuery query) query.Abandon();
    }

    private void OnFaulted(Exception fault)
    {
        // Under _gate as the other walks over the bindings; a session attached later gets a disabled gate (Attach).
        lock (_gate)
            foreach (var b in _bindings.Values) b.ReadGate.Disable();
        Faulted?.Invoke(this, fault);
    }
}
