using Bgp.Daemon.Routing;

namespace Bgp.Daemon.Hosting;

/// <summary>
/// The kernel part of bgpd (<c>kernel.enabled</c>): a <see cref="KernelSync"/> observing the Loc-RIB, and,
/// with graceful restart, the convergence watch that lets it reconcile the routes kept from before a
/// restart. With <c>kernel.enabled: false</c> nothing here runs and no netlink socket is opened.
/// </summary>
public sealed partial class BgpDaemon
{
    private KernelSync? _kernel;
    private Task _convergedPost = Task.CompletedTask;

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
        }, _log, TimeProvider.System);
        kernel.Start();
        _kernel = kernel;
        _rib.Engine.AddObserver(kernel);
        if (!gr.Enabled) return;
        var convergence = new KernelConvergence(_speaker.Peers.Length, OnRibConverged);
        foreach (var session in _speaker.Peers) convergence.Attach(session);
        convergence.CheckNow();
    }

    // Runs on a session's event (under its lock): the End-of-RIB's UPDATE commands are queued towards the
    // RIB loop already, so a read posted now runs after them; the sync reconciles once it has.
    private void OnRibConverged()
    {
        var kernel = _kernel!;
        var barrier = new ReadQuery<bool>(_ =>
        {
            kernel.MarkConverged();
            return true;
        });
        _convergedPost = PostBarrierAsync(barrier, _stopping.Token);
    }

    private async Task PostBarrierAsync(ReadQuery<bool> barrier, CancellationToken cancellationToken)
    {
        try
        {
            await _rib.PostAsync(barrier, cancellationToken).ConfigureAwait(false);
            await barrier.Reply.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or System.Threading.Channels.ChannelClosedException)
        {
            // Stopping before the RIB converged: the kept routes stay for the next run.
        }
    }

    // Before the sessions go down: their withdrawals must not reach the kernel when the routes are to be kept.
    private void FreezeKernel() => _kernel?.Freeze();

    // After the RIB loop stopped: with graceful restart the routes stay for the next run, without it they go.
    private async Task StopKernelAsync(CancellationToken cancellationToken)
    {
        if (_kernel is null) return;
        await _convergedPost.ConfigureAwait(false);
        await _kernel.StopAsync(removeRoutes: !Config.GracefulRestart.Enabled, cancellationToken).ConfigureAwait(false);
    }
}
