using Bgp.Netlink;
using Bgp.Netlink.Sync;
using Bgp.Protocol;
using Bgp.Rib;
using Bgp.Rib.Engine;

namespace Bgp.Daemon.Routing;

public sealed partial class KernelSync
{
    // While refused routes wait for their back-off, the worker looks again this often.
    private static readonly TimeSpan RetryPoll = TimeSpan.FromMilliseconds(500);

    // Worker-only state: what the Loc-RIB wants per prefix (kept to resolve again after kernel changes),
    // the prefixes changed in this round, and the prefixes that could not be resolved (logged once each).
    private readonly Dictionary<Prefix, KernelWork> _wanted = [];
    private readonly HashSet<Prefix> _changed = [];
    private readonly HashSet<Prefix> _unresolved = [];
    private readonly List<RouteNextHop> _resolved = [];
    // Next-hop tracking: the state last told to the RIB per next hop in use, and this round's reports.
    private readonly NextHopTracker _nextHops;
    private readonly List<NextHopChanged> _nextHopReports = [];

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var deferralEnds = _deferralEnds;
        var reader = _queue.Reader;
        try
        {
            while (true)
            {
                var wait = Timeout.InfiniteTimeSpan;
                if (_fib!.PendingCount > 0 && Converged) wait = RetryPoll;
                if (!Converged)
                {
                    var left = deferralEnds - _time.GetUtcNow();
                    wait = left < TimeSpan.Zero ? TimeSpan.Zero : left;
                }
                if (!await WaitAsync(reader, wait, cancellationToken).ConfigureAwait(false) && reader.Completion.IsCompleted) return;

                var resync = false;
                var linkChange = false;
                var convergedNow = false;
                while (reader.TryRead(out var work))
                {
                    switch (work.Kind)
                    {
                        case KernelWorkKind.Resync: resync = true; break;
                        case KernelWorkKind.LinkChange: resync = linkChange = true; break;
                        case KernelWorkKind.Converged: convergedNow = true; break;
                        case KernelWorkKind.NextHopUsed: _nextHops.Use(work.NextHop.ToIPAddress()!); break;
                        case KernelWorkKind.NextHopUnused: _nextHops.Release(work.NextHop.ToIPAddress()!); break;
                        case KernelWorkKind.Withdraw:
                            _wanted.Remove(work.Prefix);
                            _changed.Add(work.Prefix);
                            break;
                        default:
                            _wanted[work.Prefix] = work;
                            _changed.Add(work.Prefix);
                            break;
                    }
                }
                if (!Converged && (convergedNow || _time.GetUtcNow() >= deferralEnds))
                {
                    _log.Information(convergedNow
                        ? "Kernel: every peer sent End-of-RIB; reconciling the routes kept from before the restart"
                        : "Kernel: selection deferral timer expired; reconciling the routes kept from before the restart");
                }
                var resolved = Process(resync, !Converged && (convergedNow || _time.GetUtcNow() >= deferralEnds), linkChange);
                await ReportNextHopsAsync(all: resync && resolved, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task<bool> WaitAsync(System.Threading.Channels.ChannelReader<KernelWork> reader, TimeSpan wait, CancellationToken cancellationToken)
    {
        if (reader.TryPeek(out _)) return true;
        if (wait == TimeSpan.Zero) return false;
        if (wait == Timeout.InfiniteTimeSpan) return await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false);
        using var timeout = new CancellationTokenSource(wait, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return await reader.WaitToReadAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    // One round: resolve what changed (everything after a kernel change), then flush, or reconcile once
    // the RIB converged after a restart or after a link or address change (the kernel flushes routes of a
    // downed interface silently, so our shadow may be wrong). A broken socket is logged and the round
    // tried again later. False when the resolver could not take its new snapshot.
    private bool Process(bool resync, bool reconcile, bool linkChange)
    {
        var fib = _fib!;
        try
        {
            if (resync)
            {
                _resolver!.Refresh();
                foreach (var prefix in _wanted.Keys) _changed.Add(prefix);
            }
            foreach (var prefix in _changed) Apply(prefix);
            _changed.Clear();

            FlushResult? result = null;
            if (reconcile)
            {
                result = fib.Reconcile();
                Converged = true;
                _log.Information("Kernel: reconciled table {Table}: {Result}", _options.Table, result.ToString());
            }
            else if (Converged && linkChange)
            {
                result = fib.Reconcile();
                _log.Information("Kernel: after the link/address change: {Result}", result.ToString());
            }
            else if (Converged && fib.PendingCount > 0)
            {
                result = fib.Flush();
                if (result.Added + result.Replaced + result.Removed > 0)
                    _log.Debug("Kernel: {Result}", result.ToString());
            }
            if (result is not null) LogFailures(result);
            Volatile.Write(ref _installed, fib.InstalledCount);
            return true;
        }
        catch (NetlinkException e)
        {
            // The socket itself failed (not a refused route): keep the wishes and try again on the next round.
            _log.Error(e, "Kernel: netlink failed, will retry: {Reason}", e.Message);
            foreach (var prefix in _wanted.Keys) _changed.Add(prefix);
            _queue.Writer.TryWrite(new KernelWork(KernelWorkKind.Resync));
            return false;
        }
    }

    // Next-hop tracking: resolves the hops that came into use (all of them after a kernel change) and posts
    // a NextHopChanged to the RIB loop for each whose state the RIB does not know yet (RFC 4271 9.1.2.1,
    // 9.1.2.2 (e)). Posting waits while the RIB loop's queue is full; the loop never waits for us, so this
    // cannot deadlock. A report lost because the loop is stopping does not matter: so is bgpd.
    private async Task ReportNextHopsAsync(bool all, CancellationToken cancellationToken)
    {
        if (_postToRib is null) return;
        _nextHopReports.Clear();
        if (_nextHops.Collect(all, _nextHopReports) == 0) return;
        foreach (var report in _nextHopReports)
        {
            var state = report.State;
            if (!state.Reachable)
                _log.Information("Kernel: next hop {NextHop} is unreachable; routes through it are excluded from the decision", report.NextHop.ToString());
            else
                _log.Debug("Kernel: next hop {NextHop} reachable, IGP cost {IgpCost}", report.NextHop.ToString(), state.IgpCost);
            try
            {
                await _postToRib(report, cancellationToken).ConfigureAwait(false);
            }
            catch (System.Threading.Channels.ChannelClosedException)
            {
                return;
            }
        }
        _nextHopReports.Clear();
    }

    // The decision's view of one next hop in the kernel's table as the last Refresh saw it.
    private NextHopState ResolveState(InetAddress nextHop)
    {
        var resolution = _resolver!.Resolve(nextHop, out _, out var metric);
        return NextHopTracker.StateOf(resolution, metric);
    }

    // Hands the Loc-RIB's wish for one prefix to the shadow FIB, resolving its next hops.
    private void Apply(Prefix prefix)
    {
        var fib = _fib!;
        var destination = ToInet(prefix);
        if (!_wanted.TryGetValue(prefix, out var work))
        {
            fib.RemoveRoute(destination);
            _unresolved.Remove(prefix);
            return;
        }
        if (work.Kind == KernelWorkKind.Blackhole)
        {
            fib.SetRoute(new KernelRoute { Destination = destination, Type = RouteType.Blackhole });
            _unresolved.Remove(prefix);
            return;
        }

        _resolved.Clear();
        if (work.NextHops is { } many)
            foreach (var hop in many) Resolve(hop);
        else if (!work.NextHop.IsNone) Resolve(work.NextHop);

        if (_resolved.Count == 0)
        {
            fib.RemoveRoute(destination);
            if (_unresolved.Add(prefix))
                _log.Warning("Kernel: {Prefix} not installed: next hop {NextHop} is unreachable (no usable route to it); it is tried again when links or addresses change",
                    prefix.ToString(), work.NextHops is null ? work.NextHop.ToString() : string.Join(", ", work.NextHops));
            return;
        }
        if (_unresolved.Remove(prefix))
            _log.Information("Kernel: {Prefix} next hop reachable again; installing it", prefix.ToString());
        fib.SetRoute(_resolved.Count == 1
            ? new KernelRoute { Destination = destination, NextHop = _resolved[0] }
            : new KernelRoute { Destination = destination, MultiPath = _resolved.ToArray() });
    }

    private void Resolve(InetAddress gateway)
    {
        if (_resolver!.Resolve(gateway, out var hop) == NextHopResolution.Unreachable) return;
        // Two BGP next hops behind one gateway are one kernel next hop.
        foreach (var r in _resolved)
            if (r.Gateway == hop.Gateway && r.InterfaceIndex == hop.InterfaceIndex) return;
        _resolved.Add(hop);
    }

    private void LogFailures(FlushResult result)
    {
        foreach (var f in result.Failures)
            _log.Error("Kernel: {Operation} {Prefix} refused: {Errno} {KernelMessage} (attempt {Attempt}, retrying at {RetryAt})",
                f.Operation.ToString(), f.Prefix.ToString(), Errno.Name(f.Error), f.Message, f.Attempts, f.NextAttempt);
    }

    // The monitor thread: every link, address or route notification (not of our protocol) makes the
    // worker resolve all next hops again; link changes are logged.
    private void WatchKernel()
    {
        var events = new List<NetlinkEvent>();
        while (!_monitorStopping)
        {
            events.Clear();
            try
            {
                if (_monitor!.Read(events) == 0) continue;
            }
            catch (NetlinkException e)
            {
                _log.Error(e, "Kernel: the link/address monitor failed; next hops are no longer re-resolved on kernel changes: {Reason}", e.Message);
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            var linkChange = false;
            foreach (var e in events)
            {
                linkChange |= e.Kind != NetlinkEventKind.RouteChanged;
                if (e.Kind is NetlinkEventKind.LinkChanged or NetlinkEventKind.LinkRemoved)
                    _log.Information("Kernel: {LinkEvent}", e.ToString());
                else if (e.Kind is NetlinkEventKind.AddressAdded or NetlinkEventKind.AddressRemoved or NetlinkEventKind.Overflow)
                    _log.Information("Kernel: {AddressEvent}", e.ToString());
                else
                    _log.Debug("Kernel: {RouteEvent}", e.ToString());
            }
            _queue.Writer.TryWrite(new KernelWork(linkChange ? KernelWorkKind.LinkChange : KernelWorkKind.Resync));
        }
    }
}
