using Bgp.Daemon.Hosting;
using Bgp.Protocol;
using Prometheus;

namespace Bgp.Daemon.Api;

/// <summary>
/// The Prometheus metrics of /metrics, on prometheus-net's default registry (which adds the process metrics:
/// memory, CPU, threads). Peer and RIB values are read at scrape time (one RIB query), so nothing on the hot
/// path touches them; the kernel route count is set by the kernel sync through <see cref="SetKernelRoutes"/>.
/// </summary>
public static class BgpMetrics
{
    private static readonly string[] PeerLabels = ["peer", "asn"];

    private static readonly Gauge PeerState = Metrics.CreateGauge("bgp_peer_state",
        "RFC 4271 session state: 1 Idle, 2 Connect, 3 Active, 4 OpenSent, 5 OpenConfirm, 6 Established", PeerLabels);
    private static readonly Gauge PeerUptime = Metrics.CreateGauge("bgp_peer_uptime_seconds", "Seconds since the session became Established (0 when down)", PeerLabels);
    private static readonly Gauge PeerEnabled = Metrics.CreateGauge("bgp_peer_enabled", "1 unless the peer was administratively disabled", PeerLabels);
    private static readonly Counter MessagesIn = Metrics.CreateCounter("bgp_peer_messages_received_total", "BGP messages received", PeerLabels);
    private static readonly Counter MessagesOut = Metrics.CreateCounter("bgp_peer_messages_sent_total", "BGP messages sent", PeerLabels);
    private static readonly Counter UpdatesIn = Metrics.CreateCounter("bgp_peer_updates_received_total", "UPDATE messages received", PeerLabels);
    private static readonly Counter UpdatesOut = Metrics.CreateCounter("bgp_peer_updates_sent_total", "UPDATE messages sent", PeerLabels);
    private static readonly Counter NotificationsIn = Metrics.CreateCounter("bgp_peer_notifications_received_total", "NOTIFICATION messages received (errors)", PeerLabels);
    private static readonly Counter NotificationsOut = Metrics.CreateCounter("bgp_peer_notifications_sent_total", "NOTIFICATION messages sent (errors)", PeerLabels);
    private static readonly Counter Transitions = Metrics.CreateCounter("bgp_peer_established_transitions_total", "Times the session became Established", PeerLabels);
    private static readonly Gauge PrefixesReceived = Metrics.CreateGauge("bgp_peer_prefixes_received", "Routes received from the peer", PeerLabels);
    private static readonly Gauge PrefixesAccepted = Metrics.CreateGauge("bgp_peer_prefixes_accepted", "Routes from the peer after import policy", PeerLabels);
    private static readonly Gauge PrefixesAdvertised = Metrics.CreateGauge("bgp_peer_prefixes_advertised", "Routes in the peer's Adj-RIB-Out", PeerLabels);
    private static readonly Gauge RibPrefixes = Metrics.CreateGauge("bgp_rib_prefixes", "Loc-RIB prefixes with a best path", "family");
    private static readonly Gauge RibPaths = Metrics.CreateGauge("bgp_rib_paths", "Paths held (every Adj-RIB-In plus originated)", "family");
    // The Loc-RIB's slots and prefix index live in native huge-page memory (Bgp.Rib.HugePageArena), which the
    // process metrics' GC heap figures do not include.
    private static readonly Gauge RibNativeBytes = Metrics.CreateGauge("bgp_rib_native_bytes", "Native memory the RIB's stores use (outside the GC heap)");
    private static readonly Gauge RibNativeMappedBytes = Metrics.CreateGauge("bgp_rib_native_mapped_bytes", "Native memory the RIB holds from the OS, 2 MiB huge-page blocks included");
    // hugePages: auto (Bgp.Rib.PageSizeChooser): what a first touch of each page size has cost, and how many mappings
    // each size got, so that an operator can see which one the daemon chose and why.
    private static readonly Gauge RibPageFirstTouch = Metrics.CreateGauge("bgp_rib_page_first_touch_seconds_per_mib",
        "What touching fresh native RIB memory for the first time has cost per MiB, by page size (hugePages: auto)", "size");
    private static readonly Gauge RibPageMappings = Metrics.CreateGauge("bgp_rib_native_mappings", "Native RIB mappings made, by page size advised", "size");
    private static readonly Counter BestPathChanges = Metrics.CreateCounter("bgp_best_path_changes_total", "Loc-RIB best-path changes");
    private static readonly Gauge PeersConfigured = Metrics.CreateGauge("bgp_peers_configured", "Configured peers");
    private static readonly Gauge PeersEstablished = Metrics.CreateGauge("bgp_peers_established", "Established peers");
    private static readonly Gauge KernelRoutes = Metrics.CreateGauge("bgp_kernel_routes_installed", "Routes bgpd installed in the kernel FIB");

    private static readonly Lock Gate = new();
    private static HashSet<(string Peer, string Asn)> _labelled = [];
    private static long _kernelRoutes;

    /// <summary>Routes currently installed in the kernel (set by the kernel sync after each batch).</summary>
    public static long KernelRoutesInstalled => Interlocked.Read(ref _kernelRoutes);

    /// <summary>The kernel sync reports how many routes it has installed.</summary>
    public static void SetKernelRoutes(long count)
    {
        Interlocked.Exchange(ref _kernelRoutes, count);
        KernelRoutes.Set(count);
    }

    /// <summary>Reads the daemon into the metrics; runs before each scrape.</summary>
    internal static async Task UpdateAsync(BgpDaemon daemon, CancellationToken cancellationToken)
    {
        var peers = await daemon.SnapshotPeersAsync(cancellationToken).ConfigureAwait(false);
        var sizes = await daemon.Rib.ReadAsync(e => (e.Rib.Ipv4.PrefixCount, e.Rib.Ipv4.PathCount, e.Rib.Ipv6.PrefixCount, e.Rib.Ipv6.PathCount),
            cancellationToken).ConfigureAwait(false);
        var now = TimeProvider.System.GetUtcNow();
        if (daemon.Kernel is { } kernel) SetKernelRoutes(kernel.InstalledRoutes);
        lock (Gate)
        {
            var seen = new HashSet<(string, string)>();
            int established = 0;
            foreach (var view in peers)
            {
                var s = view.Session;
                string peer = s.Settings.Address.ToString();
                string asn = s.Settings.PeerAs.ToString(System.Globalization.CultureInfo.InvariantCulture);
                seen.Add((peer, asn));
                var state = s.State;
                if (state == Protocol.Session.SessionState.Established) established++;
                PeerState.WithLabels(peer, asn).Set((int)ApiConvert.State(state));
                PeerUptime.WithLabels(peer, asn).Set(state == Protocol.Session.SessionState.Established ? (now - s.StateSince).TotalSeconds : 0);
                PeerEnabled.WithLabels(peer, asn).Set(s.Enabled ? 1 : 0);
                var c = s.Counters;
                MessagesIn.WithLabels(peer, asn).IncTo(c.MessagesIn);
                MessagesOut.WithLabels(peer, asn).IncTo(c.MessagesOut);
                UpdatesIn.WithLabels(peer, asn).IncTo(c.UpdatesIn);
                UpdatesOut.WithLabels(peer, asn).IncTo(c.UpdatesOut);
                NotificationsIn.WithLabels(peer, asn).IncTo(c.NotificationsIn);
                NotificationsOut.WithLabels(peer, asn).IncTo(c.NotificationsOut);
                Transitions.WithLabels(peer, asn).IncTo(s.EstablishedTransitions);
                PrefixesReceived.WithLabels(peer, asn).Set(view.PrefixesReceived);
                PrefixesAccepted.WithLabels(peer, asn).Set(view.PrefixesAccepted);
                PrefixesAdvertised.WithLabels(peer, asn).Set(view.PrefixesAdvertised);
            }
            // A removed peer's series go away (and a re-added one starts its counters from zero).
            foreach (var (peer, asn) in _labelled)
            {
                if (seen.Contains((peer, asn))) continue;
                foreach (var g in new[] { PeerState, PeerUptime, PeerEnabled, PrefixesReceived, PrefixesAccepted, PrefixesAdvertised }) g.RemoveLabelled(peer, asn);
                foreach (var k in new[] { MessagesIn, MessagesOut, UpdatesIn, UpdatesOut, NotificationsIn, NotificationsOut, Transitions }) k.RemoveLabelled(peer, asn);
            }
            _labelled = seen;
            PeersConfigured.Set(peers.Count);
            PeersEstablished.Set(established);
            RibPrefixes.WithLabels("ipv4").Set(sizes.Item1);
            RibPaths.WithLabels("ipv4").Set(sizes.Item2);
            RibPrefixes.WithLabels("ipv6").Set(sizes.Item3);
            RibPaths.WithLabels("ipv6").Set(sizes.Item4);
            RibNativeBytes.Set(Rib.HugePageArena.Shared.BytesInUse);
            RibNativeMappedBytes.Set(Rib.HugePageArena.Shared.BytesMapped);
            var (hugeCost, smallCost) = Rib.HugePageArena.Shared.FirstTouchCostPerMiB;
            if (hugeCost is { } h) RibPageFirstTouch.WithLabels("huge").Set(h / 1e9);
            if (smallCost is { } sc) RibPageFirstTouch.WithLabels("4k").Set(sc / 1e9);
            var (hugeMappings, smallMappings) = Rib.HugePageArena.Shared.MappingsAdvised;
            RibPageMappings.WithLabels("huge").Set(hugeMappings);
            RibPageMappings.WithLabels("4k").Set(smallMappings);
            BestPathChanges.IncTo(daemon.Events.BestPathChanges);
        }
    }
}
