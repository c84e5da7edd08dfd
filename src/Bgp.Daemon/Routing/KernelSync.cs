using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Bgp.Netlink;
using Bgp.Netlink.Sync;
using Bgp.Protocol;
using Bgp.Rib;
using Bgp.Rib.Engine;
using Serilog;

namespace Bgp.Daemon.Routing;

/// <summary>
/// Puts the Loc-RIB into a kernel routing table, like BIRD's kernel protocol: every best path learned from
/// a peer becomes a route of our protocol (186) in our table, an ECMP set a multipath route, and every
/// prefix we originate a blackhole (as Calico does for the blocks a node owns, so traffic to an unused
/// address of the block is dropped here rather than looping via the default route).
/// <para>
/// Threads: <see cref="OnLocRibChanged"/> runs on the RIB loop; it reads the best path and multipath set at
/// once and queues them (never blocks). One worker task owns the netlink client, the
/// <see cref="FibSync"/> shadow FIB and the <see cref="NextHopResolver"/>: it drains the queue, coalesced,
/// resolves next hops, and flushes the difference in batches; refused routes are logged and retried with
/// back-off by FibSync. A monitor thread reads link/address/route notifications and asks the worker to
/// resolve everything again: a next hop that became unreachable takes its routes out of the kernel,
/// and they come back when it is reachable again.
/// </para>
/// <para>
/// Next hops: a gateway on a connected subnet is installed on-link on that interface; any other is
/// resolved through the kernel's route to it (via that route's gateway); one with no usable route makes
/// the prefix unresolvable: logged, kept out of the kernel, and re-resolved on every kernel change. With
/// next-hop tracking such a path also loses the decision (below), so this happens only while the RIB has
/// not heard yet, or for a best path whose every next hop is gone with tracking off.
/// </para>
/// <para>
/// Next-hop tracking (<see cref="KernelSyncOptions.NextHopTracking"/>): as an <see cref="INextHopObserver"/>
/// it hears of every next hop the RIB comes to use or stops using; the worker resolves each one in the kernel
/// table when it comes into use and again after every kernel change, and posts <see cref="NextHopChanged"/>
/// to the RIB loop whenever a hop's state differs from what it last told (<see cref="NextHopTracker"/>):
/// unreachable, connected (cost 0), or through a kernel route whose metric is the IGP cost. So a route
/// through an unreachable next hop loses the decision (RFC 4271 9.1.2.1) instead of staying best while out
/// of the kernel, and the next best path is installed and advertised in its place.
/// </para>
/// <para>
/// Start and stop (RFC 4724 on our side): without graceful restart, routes of ours left by an earlier run
/// are removed at start and ours are removed on stop. With it, the routes found at start keep forwarding,
/// untouched, until <see cref="MarkConverged"/> (End-of-RIB from every peer) or the selection deferral
/// timer; then <see cref="FibSync.Reconcile"/> removes the stale ones, adds what is missing and leaves the
/// rest alone. On stop they stay in place for the next run to reconcile.
/// </para>
/// </summary>
public sealed partial class KernelSync : ILocRibObserver, INextHopObserver, IAsyncDisposable
{
    private readonly KernelSyncOptions _options;
    private readonly ILogger _log;
    private readonly TimeProvider _time;
    private readonly Func<RibCommand, CancellationToken, ValueTask>? _postToRib;
    private readonly Channel<KernelWork> _queue = Channel.CreateUnbounded<KernelWork>(new UnboundedChannelOptions
    {
        SingleReader = true,
        SingleWriter = false,
    });
    private readonly List<RibPath> _scratch = [];
    private readonly List<InetAddress> _hops = [];
    private readonly CancellationTokenSource _stop = new();
    private RtNetlinkClient? _client;
    private NetlinkMonitor? _monitor;
    private FibSync? _fib;
    private NextHopResolver? _resolver;
    private Task _worker = Task.CompletedTask;
    private Thread? _monitorThread;
    private volatile bool _frozen;
    private volatile bool _monitorStopping;
    private int _installed;
    private DateTimeOffset _deferralEnds;
    private bool _converged;
    private bool _stopped;

    /// <param name="options">Settings.</param>
    /// <param name="log">Where the worker logs.</param>
    /// <param name="time">The clock of the retry back-off and the selection deferral.</param>
    /// <param name="postToRib">
    /// Queues a command on the RIB loop (<see cref="RibLoop.PostAsync"/>), for the <see cref="NextHopChanged"/>
    /// reports of next-hop tracking; without it nothing is reported.
    /// </param>
    public KernelSync(KernelSyncOptions options, ILogger log, TimeProvider time, Func<RibCommand, CancellationToken, ValueTask>? postToRib = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(time);
        _options = options;
        _log = log;
        _time = time;
        _postToRib = postToRib;
        _nextHops = new NextHopTracker(ResolveState);
    }

    public KernelSyncOptions Options => _options;

    /// <summary>Routes of ours the kernel holds (installed and acknowledged), for the metrics.</summary>
    public int InstalledRoutes => Volatile.Read(ref _installed);

    /// <summary>Whether routes kept from before a restart have been reconciled (always true without graceful restart).</summary>
    public bool Converged
    {
        get => Volatile.Read(ref _converged);
        private set => Volatile.Write(ref _converged, value);
    }

    /// <summary>
    /// Opens the netlink sockets, takes stock of routes of ours left in the kernel by an earlier run
    /// (removing them unless graceful restart keeps them), and starts the worker and the monitor.
    /// Throws <see cref="NetlinkException"/> when the kernel cannot be reached.
    /// </summary>
    public void Start()
    {
        var netlink = new NetlinkOptions { Table = _options.Table, Protocol = _options.Protocol, NetworkNamespacePath = _options.NetworkNamespacePath };
        _client = RtNetlinkClient.Open(netlink);
        _monitor = NetlinkMonitor.Open(netlink with { ReceiveTimeout = TimeSpan.FromMilliseconds(500) }, _options.Protocol);
        _fib = new FibSync(_client, _time, new FibSyncOptions { RetryInitial = _options.RetryInitial, RetryMax = _options.RetryMax });
        _resolver = new NextHopResolver(_client, _options.ResolutionTable, _options.Protocol);
        _resolver.Refresh();
        _deferralEnds = _time.GetUtcNow() + _options.SelectionDeferral;

        var found = _client.DumpRoutes(AddressFamily.InterNetwork, _options.Table, _options.Protocol).Count
            + _client.DumpRoutes(AddressFamily.InterNetworkV6, _options.Table, _options.Protocol).Count;
        if (_options.GracefulRestart)
        {
            Volatile.Write(ref _installed, found);
            _log.Information("Kernel: {RouteCount} routes of protocol {Protocol} in table {Table} from an earlier run kept in place (graceful restart) until every peer sent End-of-RIB or {DeferralSeconds} s pass",
                found, _options.Protocol, _options.Table, (int)_options.SelectionDeferral.TotalSeconds);
        }
        else
        {
            var result = _fib.Reconcile();
            Converged = true;
            _log.Information("Kernel: removed {RouteCount} stale routes of protocol {Protocol} in table {Table} left by an earlier run (graceful restart off)",
                result.Removed, _options.Protocol, _options.Table);
            LogFailures(result);
            Volatile.Write(ref _installed, _fib.InstalledCount);
        }

        _worker = Task.Factory.StartNew(() => RunAsync(_stop.Token), CancellationToken.None,
            TaskCreationOptions.LongRunning | TaskCreationOptions.DenyChildAttach, TaskScheduler.Default).Unwrap();
        _monitorThread = new Thread(WatchKernel) { IsBackground = true, Name = "kernel-monitor" };
        _monitorThread.Start();
    }

    /// <summary>The RIB converged after our restart (End-of-RIB from every peer): reconcile the kept routes.</summary>
    public void MarkConverged() => _queue.Writer.TryWrite(new KernelWork(KernelWorkKind.Converged));

    /// <summary>
    /// Stops taking Loc-RIB changes (at shutdown, before the sessions go down, so that their withdrawals
    /// do not empty the kernel when graceful restart wants the routes kept).
    /// </summary>
    public void Freeze() => _frozen = true;

    /// <inheritdoc/>
    public void OnLocRibChanged(RibEngine engine, in RibChange change)
    {
        if (_frozen) return;
        var prefix = change.Prefix;
        var table = engine.Rib.Table(prefix);
        if (!table.TryGetBest(prefix, out var best))
        {
            _queue.Writer.TryWrite(new KernelWork(KernelWorkKind.Withdraw, prefix));
            return;
        }
        if (best.PeerId == RibEngine.LocalPeerId)
        {
            _queue.Writer.TryWrite(new KernelWork(KernelWorkKind.Blackhole, prefix));
            return;
        }
        _scratch.Clear();
        table.GetMultipath(prefix, _scratch);
        _hops.Clear();
        AddHop(best.Attributes.NextHop);
        foreach (var path in _scratch) AddHop(path.Attributes.NextHop);
        _scratch.Clear();
        var work = _hops.Count switch
        {
            0 => new KernelWork(KernelWorkKind.Unicast, prefix),
            1 => new KernelWork(KernelWorkKind.Unicast, prefix, _hops[0]),
            _ => new KernelWork(KernelWorkKind.Unicast, prefix, default, _hops.ToArray()),
        };
        _queue.Writer.TryWrite(work);
    }

    /// <inheritdoc/>
    public void OnNextHopUsed(RibEngine engine, IPAddress nextHop)
    {
        if (_frozen || !_options.NextHopTracking) return;
        _queue.Writer.TryWrite(new KernelWork(KernelWorkKind.NextHopUsed, default, InetAddress.FromIPAddress(nextHop)));
    }

    /// <inheritdoc/>
    public void OnNextHopUnused(RibEngine engine, IPAddress nextHop)
    {
        if (_frozen || !_options.NextHopTracking) return;
        _queue.Writer.TryWrite(new KernelWork(KernelWorkKind.NextHopUnused, default, InetAddress.FromIPAddress(nextHop)));
    }

    private void AddHop(IPAddress? address)
    {
        if (address is null) return;
        var hop = InetAddress.FromIPAddress(address);
        if (!_hops.Contains(hop)) _hops.Add(hop);
    }

    /// <summary>
    /// Stops the worker and the monitor. <paramref name="removeRoutes"/> (graceful restart off): every route
    /// of ours is removed from the table first; otherwise they stay for the next run to reconcile.
    /// </summary>
    public async Task StopAsync(bool removeRoutes, CancellationToken cancellationToken)
    {
        if (_stopped) return;
        _stopped = true;
        _frozen = true;
        await _stop.CancelAsync().ConfigureAwait(false);
        _queue.Writer.TryComplete();
        _monitorStopping = true;
        try
        {
            await _worker.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The worker ends by cancellation.
        }
        _monitorThread?.Join();
        if (_fib is not null && _client is not null)
        {
            if (removeRoutes)
            {
                foreach (var prefix in _wanted.Keys) _fib.RemoveRoute(ToInet(prefix));
                try
                {
                    var result = _fib.Reconcile();
                    _log.Information("Kernel: removed {RouteCount} routes of protocol {Protocol} from table {Table} (graceful restart off)",
                        result.Removed, _options.Protocol, _options.Table);
                    LogFailures(result);
                }
                catch (NetlinkException e)
                {
                    _log.Error(e, "Kernel: could not remove our routes at stop: {Reason}", e.Message);
                }
            }
            else
            {
                _log.Information("Kernel: leaving {RouteCount} routes in table {Table} for the restart (graceful restart)", _fib.InstalledCount, _options.Table);
            }
            Volatile.Write(ref _installed, _fib.InstalledCount);
        }
        _monitor?.Dispose();
        _client?.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(removeRoutes: false, CancellationToken.None).ConfigureAwait(false);
        _stop.Dispose();
    }

    internal static InetPrefix ToInet(Prefix prefix) => prefix.IsIpv6
        ? new InetPrefix(InetAddress.FromIPv6(prefix.High, prefix.Low), prefix.Length)
        : new InetPrefix(InetAddress.FromIPv4(prefix.Ipv4Bits), prefix.Length);
}
