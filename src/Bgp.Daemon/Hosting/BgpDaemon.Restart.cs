using System.Collections.Immutable;
using Bgp.Daemon.Config;
using Bgp.Daemon.Routing;
using Bgp.Daemon.Sessions;
using Bgp.Netlink;
using Bgp.Protocol;
using Bgp.Rib.Engine;
using Serilog;

namespace Bgp.Daemon.Hosting;

/// <summary>
/// Graceful restart, restarting side (RFC 4724 4.1). How bgpd knows it restarted: with graceful restart and
/// kernel programming on, the previous run left its routes (our protocol, our table) in the kernel on purpose,
/// so finding any at start means forwarding went on across a restart. That is exactly the condition under which
/// the R bit is true (a fresh boot has none; a run after a stop with graceful restart off removed them), and the
/// families they belong to are the ones whose forwarding state was preserved (F bits). No state file is needed,
/// and none can go stale: the kernel is the forwarding state. Without kernel programming bgpd never claims a
/// restart (it has no forwarding state to keep) and starts fresh.
/// <para>
/// When restarting, the RIB defers route selection (<see cref="RibEngine.BeginDeferral"/>) for every peer with
/// graceful restart on, and the RIB loop's selection deferral timer (<c>gracefulRestart.selectionDeferralTime</c>)
/// ends it at the latest.
/// </para>
/// </summary>
public sealed partial class BgpDaemon
{
    private LocalRestart _restart = LocalRestart.None;

    /// <summary>What bgpd found about its own restart at start (the R and F bits it advertises).</summary>
    public LocalRestart Restart => _restart;

    private static LocalRestart DetectRestart(BgpdConfig config, ILogger log)
    {
        if (!config.GracefulRestart.Enabled || !config.Kernel.Enabled) return LocalRestart.None;
        (int v4, int v6) kept;
        try
        {
            kept = KernelSync.CountKeptRoutes(new KernelSyncOptions { Table = config.Kernel.Table, Protocol = config.Kernel.Protocol });
        }
        catch (NetlinkException e)
        {
            // The kernel sync fails the start right after with the same error.
            log.Warning("Graceful restart: cannot read the kernel table to tell a restart from a fresh start ({Error})", e.Message);
            return LocalRestart.None;
        }
        if (kept.v4 + kept.v6 == 0) return LocalRestart.None;
        var families = ImmutableArray.CreateBuilder<AfiSafi>();
        if (kept.v4 > 0) families.Add(AfiSafi.Ipv4Unicast);
        if (kept.v6 > 0) families.Add(AfiSafi.Ipv6Unicast);
        log.Information("Graceful restart: {Ipv4Routes} IPv4 and {Ipv6Routes} IPv6 routes kept in the kernel by the previous run; "
            + "restarting (R bit set, forwarding state preserved for {Families}), route selection deferred up to {DeferralSeconds} s",
            kept.v4, kept.v6, string.Join(", ", families), config.GracefulRestart.SelectionDeferralTime);
        return new LocalRestart(true, families.ToImmutable());
    }

    // Before the RIB loop starts, after every configured session is attached.
    private void StartDeferral()
    {
        if (!_restart.Restarting) return;
        _rib.OutcomeHandled += OnDeferralOutcome;
        _rib.DeferSelection(TimeSpan.FromSeconds(Config.GracefulRestart.SelectionDeferralTime));
    }

    /// <summary>
    /// Tests: stops as a crash would (a kill -9 of the process): every connection dropped without a
    /// NOTIFICATION, the kernel routes left as they are, nothing withdrawn. Dispose the daemon afterwards.
    /// </summary>
    internal async Task CrashAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await StopApiAsync(CancellationToken.None).ConfigureAwait(false);
        // Before the sessions drop: their withdrawals must not reach the kernel, as they would not after a crash.
        FreezeKernel();
        await _speaker.DisposeAsync().ConfigureAwait(false);
        await _rib.StopAsync(CancellationToken.None).ConfigureAwait(false);
        if (_kernel is not null) await _kernel.StopAsync(removeRoutes: false, CancellationToken.None).ConfigureAwait(false);
        _log.Information("bgpd crashed (test): connections dropped without NOTIFICATION, kernel routes left in place");
    }

    private void OnDeferralOutcome(object? sender, RibOutcomeHandled handled)
    {
        if (handled.Outcome is not DeferralEnded ended) return;
        if (ended.TimerExpired)
            _log.Warning("Graceful restart: selection deferral timer expired with {PeerCount} peers without End-of-RIB; sending the tables now",
                ended.StillWaiting);
        else
            _log.Information("Graceful restart: End-of-RIB from every graceful-restart peer; route selection done, sending the tables");
    }
}
