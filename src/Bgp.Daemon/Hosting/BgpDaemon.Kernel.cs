using Bgp.Daemon.Routing;
using Bgp.Daemon.Sessions;

namespace Bgp.Daemon.Hosting;

/// <summary>
/// The kernel part of bgpd (<c>kernel.enabled</c>): a <see cref="KernelSync"/> observing the Loc-RIB, and,
/// with graceful restart, the convergence watch that lets it reconcile the routes kept from before a
/// restart. With <c>kernel.nextHopTracking</c> (the default) it also observes which next hops the RIB uses and
/// posts their reachability and metric back to the RIB loop as <c>NextHopChanged</c> (RFC 4271 9.1.2.1,
/// 9.1.2.2 (e)). With <c>kernel.enabled: false</c> nothing here runs and no netlink socket is opened, and
/// every next hop counts as connected with cost 0.
/// </summary>
public sealed partial class BgpDaemon
{
    private KernelSync? _kernel;

    /// <summary>The kernel sync, or null when <c>kernel.enabled</c> is false.</summary>
    public KernelSync? Kernel => _kernel;

    // Before the RIB loop starts: the observer must be added before the loop runs.
    private void StartKernel()
    {
        if (!Config.Kernel.Enabled) return;
        var gr = Config.GracefulRestart;
        var kernel = new KernelSync(new KernelSyncOptions
        {
            Table = Config.Kernel.Table,
            Protocol = Config.Kernel.Protocol,
            GracefulRestart = gr.Enabled,
            SelectionDeferral = TimeSpan.FromSeconds(gr.SelectionDeferralTime),
            NextHopTracking = Config.Kernel.NextHopTracking,
        }, _log, TimeProvider.System, _rib.PostAsync);
        kernel.Start();
        _kernel = kernel;
        _rib.Engine.AddObserver(kernel);
        if (Config.Kernel.NextHopTracking) _rib.Engine.AddNextHopObserver(kernel);
        if (!gr.Enabled) return;
        var convergence = new KernelConvergence(_speaker.Peers.Length, PostAfterSession, kernel.MarkConverged);
        foreach (var session in _speaker.Peers) convergence.Attach(session);
        convergence.CheckNow();
    }

    // Runs on a session's event (under its lock, so it must not wait): the marker goes through the session's
    // own queue to the RIB loop, behind the UPDATEs it sent before End-of-RIB.
    private bool PostAfterSession(PeerSession session, Action onApplied) =>
        _rib.TryPostAfter(session, new ReadQuery<bool>(_ =>
        {
            onApplied();
            return true;
        }));

    // Before the sessions go down: their withdrawals must not reach the kernel when the routes are to be kept.
    private void FreezeKernel() => _kernel?.Freeze();

    // After the RIB loop stopped: with graceful restart the routes stay for the next run, without it they go.
    private async Task StopKernelAsync(CancellationToken cancellationToken)
    {
        if (_kernel is null) return;
        await _kernel.StopAsync(removeRoutes: !Config.GracefulRestart.Enabled, cancellationToken).ConfigureAwait(false);
    }
}
