using System.Net;
using Bgp.Daemon.Config;
using Bgp.Daemon.Routing;
using Bgp.Daemon.Sessions;
using Bgp.Protocol;
using Bgp.Protocol.Messages;
using Bgp.Protocol.Session;
using Bgp.Rib;
using Bgp.Rib.Engine;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace Bgp.Daemon.Hosting;

/// <summary>
/// The running bgpd: the configuration in force, the speaker (sessions), the RIB loop, and the logging of
/// what they do. Owns the order of start and stop: every session is attached to the RIB loop before the
/// speaker starts (so no Established is missed), and stop sends CEASE before the loop ends.
/// Reloads are applied one at a time from the caller's (signal) loop.
/// </summary>
public sealed partial class BgpDaemon : IAsyncDisposable
{
    public const string ShutdownCommunication = "bgpd shutting down";
    private static readonly TimeSpan RibReportInterval = TimeSpan.FromSeconds(2);

    private readonly ILogger _log;
    private readonly LoggingLevelSwitch? _level;
    private readonly BgpSpeaker _speaker;
    private readonly RibLoop _rib;
    private readonly Dictionary<IPAddress, PeerSession> _sessions = [];
    private readonly CancellationTokenSource _stopping = new();
    private Task _ribReport = Task.CompletedTask;

    private BgpDaemon(BgpdConfig config, string configPath, ILogger log, LoggingLevelSwitch? level, Dictionary<IPAddress, PeerRibOptions> ribOptions,
        LocalRestart restart)
    {
        Config = config;
        ConfigPath = configPath;
        _log = log;
        _level = level;
        _restart = restart;
        _speaker = new BgpSpeaker(config.ToSpeakerSettings(restart));
        _speaker.ListenerOptionFailed += OnListenerOptionFailed;
        // Process-wide, like the arena: before the RIB (and the warm-up) map their first stores.
        HugePageArena.Shared.Mode = config.HugePages;
        _rib = new RibLoop(new RibEngine(new RibEngineSettings(config.AsNumber, config.RouterId)
        {
            ClusterId = config.EffectiveClusterId,
            // maxPaths: the ECMP set the kernel sync installs as one multipath route.
            DefaultLocalPref = config.BestPath.DefaultLocalPref,
            Decision = ToDecisionOptions(config),
            UpdateGroups = config.UpdateGroups,
        }), new RibLoopOptions
        {
            // One full collection 5 s into a quiet spell after a burst (RibLoopOptions.IdleCollectAfter):
            // workload 5's sessions left 35 kB each of garbage in the oldest generation otherwise.
            IdleCollectAfter = TimeSpan.FromSeconds(5),
        });
        // Before the loop starts, as RibEngine.AddObserver asks: the watch stream and the best-path metric.
        _rib.Engine.AddObserver(_events);
        _rib.OutcomeHandled += OnRibOutcome;
        _rib.Faulted += OnRibFaulted;
        foreach (var session in _speaker.Peers) Track(session, ribOptions[session.Settings.Address]);
    }

    public BgpdConfig Config { get; private set; }

    /// <summary>The decision process knobs of <c>maxPaths</c> and <c>bestPath:</c>.</summary>
    internal static Bgp.Rib.DecisionOptions ToDecisionOptions(BgpdConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var b = config.BestPath;
        return Bgp.Rib.DecisionOptions.Default with
        {
            MaxPaths = config.MaxPaths,
            DefaultLocalPref = b.DefaultLocalPref,
            AlwaysCompareMed = b.AlwaysCompareMed,
            DeterministicMed = b.DeterministicMed,
            MissingMedAsWorst = b.MissingMedAsWorst,
            PreferOldestExternal = b.PreferOldestExternal,
            MultipathRelax = b.MultipathRelax,
        };
    }
    public string ConfigPath { get; }
    public BgpSpeaker Speaker => _speaker;
    public RibLoop Rib => _rib;

    /// <summary>
    /// Builds the daemon for <paramref name="config"/>, or returns null with every reason it cannot run it
    /// (filters the policy engine cannot represent, each with its key path).
    /// </summary>
    public static BgpDaemon? Create(BgpdConfig config, string configPath, ILogger log, LoggingLevelSwitch? level, out List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(log);
        var options = MapPeers(config, out errors);
        return errors.Count > 0 ? null : new BgpDaemon(config, configPath, log, level, options, DetectRestart(config, log));
    }

    private static Dictionary<IPAddress, PeerRibOptions> MapPeers(BgpdConfig config, out List<string> errors)
    {
        errors = [];
        var options = new Dictionary<IPAddress, PeerRibOptions>();
        var filters = FilterMapper.Build(config);
        if (!filters.Success)
        {
            foreach (var e in filters.Errors) errors.Add(e.ToString());
            return options;
        }
        foreach (var peer in config.Peers) options[peer.Address] = PeerRibMapping.Create(config, peer, filters.Catalog!);
        return options;
    }

    /// <summary>Warms the UPDATE path, starts the RIB loop, originates the configured prefixes, then binds the listener and starts the peers.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await WarmUpAsync(cancellationToken).ConfigureAwait(false);
        StartKernel();
        StartDeferral();
        await _rib.StartAsync(cancellationToken).ConfigureAwait(false);
        foreach (var prefix in Config.Prefixes) await _rib.OriginateAsync(prefix, cancellationToken).ConfigureAwait(false);
        await _speaker.StartAsync(cancellationToken).ConfigureAwait(false);
        _log.Information("bgpd started: AS {LocalAs}, router id {RouterId}, listening on {ListenEndPoint}, {PeerCount} peers, {PrefixCount} originated prefixes",
            Config.AsNumber, RouterId.Format(Config.RouterId), _speaker.ListenEndPoint?.ToString(), _speaker.Peers.Length, Config.Prefixes.Length);
        _ribReport = ReportRibAsync(_stopping.Token);
        await StartApiAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>CEASE / Administrative Shutdown to every peer (RFC 4486, RFC 9003 text), then stops the RIB loop.</summary>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        _log.Information("bgpd stopping: sending CEASE to {PeerCount} peers", _speaker.Peers.Length);
        return StopAsync(graceful: false, cancellationToken);
    }

    private async Task StopAsync(bool graceful, CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await StopApiAsync(cancellationToken).ConfigureAwait(false);
        FreezeKernel();
        await _speaker.StopAsync(graceful ? RestartCommunication : ShutdownCommunication, graceful, cancellationToken).ConfigureAwait(false);
        await _rib.StopAsync(cancellationToken).ConfigureAwait(false);
        await StopKernelAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _ribReport.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The report loop ends by cancellation.
        }
        _log.Information("bgpd stopped");
    }

    /// <summary>
    /// SIGHUP (and the ReloadConfig RPC): loads <see cref="ConfigPath"/> again. A bad file keeps the running
    /// configuration; a good one is applied through <see cref="ConfigDiff"/>. One reload or API change at a time.
    /// </summary>
    public async Task<ReloadResult> ReloadAsync(CancellationToken cancellationToken)
    {
        await _mutation.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await ReloadLockedAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _mutation.Release();
        }
    }

    private async Task<ReloadResult> ReloadLockedAsync(CancellationToken cancellationToken)
    {
        _log.Information("Reloading configuration from {ConfigPath}", ConfigPath);
        var result = ConfigLoader.Load(ConfigPath);
        if (!result.Success)
        {
            var problems = new List<string>();
            foreach (var e in result.Errors)
            {
                _log.Error("Reload refused, keeping the running configuration: {ConfigError}", e.ToString());
                problems.Add(e.ToString());
            }
            return new ReloadResult(false, problems, []);
        }
        var next = result.Config;
        var ribOptions = MapPeers(next, out var errors);
        if (errors.Count > 0)
        {
            foreach (var e in errors) _log.Error("Reload refused, keeping the running configuration: {ConfigError}", e);
            return new ReloadResult(false, errors, []);
        }
        var diff = ConfigDiff.Compare(Config, next);
        if (diff.IsEmpty)
        {
            _log.Information("Reload: configuration unchanged");
            return new ReloadResult(true, [], []);
        }
        var changes = new List<string>();
        await ApplyAsync(diff, next, ribOptions, changes, cancellationToken).ConfigureAwait(false);
        Config = next;
        return new ReloadResult(true, [], changes);
    }

    private async Task ApplyAsync(ConfigDiff diff, BgpdConfig next, Dictionary<IPAddress, PeerRibOptions> ribOptions, List<string> changes,
        CancellationToken cancellationToken)
    {
        foreach (string key in diff.ChangedGlobalKeys)
        {
            if (key == "logging" && _level is not null)
            {
                _level.MinimumLevel = DaemonLogging.ToSerilog(next.Logging.Level);
                _log.Information("Reload: log level now {LogLevel}", _level.MinimumLevel);
                changes.Add($"logging: level now {next.Logging.Level}");
                continue;
            }
            _log.Warning("Reload: global key {ConfigKey} changed; applying it needs a restart of bgpd (not applied yet)", key);
            changes.Add($"{key} changed; not applied until bgpd restarts");
        }
        foreach (var peer in diff.RemovedPeers)
        {
            _log.Information("Reload: removing peer {PeerAddress} AS {PeerAs}", peer.Address.ToString(), peer.AsNumber);
            if (await RemoveSessionAsync(peer.Address, CeaseSubcode.PeerDeconfigured, cancellationToken).ConfigureAwait(false))
                changes.Add($"peer {peer.Address} removed");
        }
        foreach (var peer in diff.AddedPeers)
        {
            _log.Information("Reload: adding peer {PeerAddress} AS {PeerAs}", peer.Address.ToString(), peer.AsNumber);
            AddSession(peer, ribOptions[peer.Address]);
            changes.Add($"peer {peer.Address} added");
        }
        foreach (var change in diff.ChangedPeers)
        {
            string keys = string.Join(", ", change.ChangedKeys);
            if (change.RequiresSessionReset)
            {
                // A session's settings are fixed while it runs: the changed peer gets a new session (CEASE 6/6,
                // Other Configuration Change, RFC 4486).
                _log.Information("Reload: peer {PeerAddress} changed {ChangedKeys}; resetting its session ({Effect})",
                    change.Address.ToString(), keys, change.Effect.ToString());
                await ReplaceSessionAsync(change.New, ribOptions[change.Address], cancellationToken).ConfigureAwait(false);
                changes.Add($"peer {change.Address} changed {keys}: session reset");
            }
            else if (change.Effect != PeerChangeEffect.None)
            {
                // Filters are swapped in place and re-run (soft reset, no session reset).
                await ApplySoftResetAsync(change, ribOptions[change.Address], cancellationToken).ConfigureAwait(false);
                changes.Add($"peer {change.Address} changed {keys}: soft reset ({change.Effect})");
            }
            else
            {
                _log.Information("Reload: peer {PeerAddress} changed {ChangedKeys}; no reset needed", change.Address.ToString(), keys);
                changes.Add($"peer {change.Address} changed {keys}");
            }
        }
        foreach (var prefix in diff.AddedPrefixes)
        {
            _log.Information("Reload: originating {Prefix}", prefix.ToString());
            await _rib.OriginateAsync(prefix, cancellationToken).ConfigureAwait(false);
            changes.Add($"prefix {prefix} originated");
        }
        foreach (var prefix in diff.RemovedPrefixes)
        {
            _log.Information("Reload: no longer originating {Prefix}", prefix.ToString());
            await _rib.StopOriginatingAsync(prefix, cancellationToken).ConfigureAwait(false);
            changes.Add($"prefix {prefix} no longer originated");
        }
        foreach (string filter in diff.ChangedFilters)
        {
            _log.Information("Reload: filter {FilterName} added, removed or redefined", filter);
            changes.Add($"filter {filter} added, removed or redefined");
        }
    }

    private void Track(PeerSession session, PeerRibOptions options)
    {
        _sessions[session.Settings.Address] = session;
        // Logging handlers first: they run under the session lock and only format and write a line.
        session.StateChanged += (_, change) => OnStateChanged(session, change);
        session.Established += (_, negotiated) => OnEstablished(session, negotiated);
        session.Down += (_, reason) => OnDown(session, reason);
        session.UpdateReceived += (_, update) => OnUpdate(session, update);
        _rib.Attach(session, options);
    }

    private void OnStateChanged(PeerSession session, PeerStateChange change)
    {
        _events.OnPeerState(session, change);
        // Every fall into Idle says why (the rule); other moves carry no reason.
        if (change.Reason is { } reason)
            _log.Information("Peer {PeerAddress} AS {PeerAs}: {FromState} -> {ToState} ({Reason})",
                session.Settings.Address.ToString(), session.Settings.PeerAs, change.From.ToString(), change.To.ToString(), reason.ToString());
        else
            _log.Information("Peer {PeerAddress} AS {PeerAs}: {FromState} -> {ToState}",
                session.Settings.Address.ToString(), session.Settings.PeerAs, change.From.ToString(), change.To.ToString());
    }

    private void OnEstablished(PeerSession session, NegotiatedSession negotiated) =>
        _log.Information("Peer {PeerAddress} AS {PeerAs} established: router id {PeerRouterId}, hold time {HoldTime} s, families {Families}",
            session.Settings.Address.ToString(), session.Settings.PeerAs, RouterId.Format(negotiated.PeerBgpId), negotiated.HoldTime,
            string.Join(",", negotiated.Families));

    private void OnDown(PeerSession session, DownReason reason)
    {
        if (reason.HasNotification)
            _log.Information(
                "Peer {PeerAddress} AS {PeerAs} down: {DownKind}, {NotificationCode} / {NotificationSubcode} ({Code}/{Subcode}) {ShutdownCommunication}",
                session.Settings.Address.ToString(), session.Settings.PeerAs, reason.Kind.ToString(),
                NotificationNames.CodeName(reason.Code), NotificationNames.SubcodeName(reason.Code, reason.Subcode),
                (byte)reason.Code, reason.Subcode, reason.Text);
        else
            _log.Information("Peer {PeerAddress} AS {PeerAs} down: {DownKind} ({FsmEvent})",
                session.Settings.Address.ToString(), session.Settings.PeerAs, reason.Kind.ToString(), reason.Event.ToString());
    }

    private void OnUpdate(PeerSession session, UpdateMessage update)
    {
        if (!_log.IsEnabled(LogEventLevel.Debug)) return;
        if (update.EndOfRib is { } family)
        {
            // RFC 4724 2: an empty UPDATE (or an MP_UNREACH_NLRI with no routes) marks the end of the initial table.
            _log.Debug("End-of-RIB from {PeerAddress} for {Family}", session.Settings.Address.ToString(), family.ToString());
            return;
        }
        int announced = update.Nlri.Length + (update.MpReach?.Nlri.Length ?? 0);
        int withdrawn = update.Withdrawn.Length + (update.MpUnreach?.Withdrawn.Length ?? 0);
        _log.Debug("UPDATE from {PeerAddress}: {Announced} announced, {Withdrawn} withdrawn, AS path {AsPath}, next hop {NextHop}",
            session.Settings.Address.ToString(), announced, withdrawn, update.Attributes.AsPath?.ToString(), update.Attributes.NextHop?.ToString());
    }

    /// <summary>
    /// Logs the Loc-RIB's size whenever it changed since the last look. The engine exposes no best-path change
    /// counter yet, so the change in best-path count per family is what is reported.
    /// </summary>
    private async Task ReportRibAsync(CancellationToken cancellationToken)
    {
        (int V4, int V6) last = (0, 0);
        using var timer = new PeriodicTimer(RibReportInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                var query = new ReadQuery<(int, int)>(e => (e.Rib.Ipv4.PrefixCount, e.Rib.Ipv6.PrefixCount));
                await _rib.PostAsync(query, cancellationToken).ConfigureAwait(false);
                var now = await query.Reply.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
                if (now == last) continue;
                _log.Information("Loc-RIB best paths: {Ipv4Prefixes} IPv4 ({Ipv4Change:+#;-#;0}), {Ipv6Prefixes} IPv6 ({Ipv6Change:+#;-#;0})",
                    now.Item1, now.Item1 - last.V4, now.Item2, now.Item2 - last.V6);
                last = now;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (System.Threading.Channels.ChannelClosedException)
        {
            // The RIB loop stopped first.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopApiAsync(CancellationToken.None).ConfigureAwait(false);
        await _speaker.DisposeAsync().ConfigureAwait(false);
        await _rib.DisposeAsync().ConfigureAwait(false);
        if (_kernel is not null) await _kernel.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
        _mutation.Dispose();
    }
}
