namespace Bgp.Daemon.Hosting;

/// <summary>
/// The RIB loop's failure (Routing/RibLoop.Fault.cs), passed on to the host: bgpd cannot decide routes any more, so its
/// control loop (<see cref="ControlLoop"/>) stops it as for SIGTERM and exits non-zero for its supervisor to restart it.
/// </summary>
public sealed partial class BgpDaemon
{
    /// <summary>
    /// Raised, on the RIB loop's thread, when the RIB loop failed: the host must log it, <see cref="StopAsync"/> (which
    /// does not throw the failure) and exit non-zero. Handlers must not block.
    /// </summary>
    public event EventHandler<Exception>? RibFailed;

    /// <summary>The exception that ended the RIB loop, or null while it runs and after a normal stop.</summary>
    public Exception? RibFault => _rib.Fault;

    private void OnRibFaulted(object? sender, Exception fault) => RibFailed?.Invoke(this, fault);
}
