using Bgp.Daemon.Sessions;
using Bgp.Rib;
using Bgp.Rib.Engine;
using V1 = Bgp.Api.V1;

namespace Bgp.Daemon.Api;

/// <summary>
/// The fan-out behind WatchEvents and the best-path counter of /metrics. As an <see cref="ILocRibObserver"/>
/// it runs on the RIB loop: it counts, and only when a watcher wants best paths does it read the new best
/// path and offer one event to each watcher's bounded queue (never waiting, see <see cref="EventWatcher"/>).
/// Peer state changes arrive from the sessions (under their locks) and are offered the same way.
/// </summary>
internal sealed class ApiEvents(TimeProvider time) : ILocRibObserver
{
    private readonly Lock _gate = new();
    private EventWatcher[] _watchers = [];
    private long _bestPathChanges;

    /// <summary>Best-path changes seen since start (every prefix whose best path appeared, changed or went).</summary>
    public long BestPathChanges => Volatile.Read(ref _bestPathChanges);

    public EventWatcher Subscribe(bool peers, bool bestPaths)
    {
        var watcher = new EventWatcher(peers, bestPaths);
        lock (_gate) _watchers = [.. _watchers, watcher];
        return watcher;
    }

    public void Unsubscribe(EventWatcher watcher)
    {
        lock (_gate) _watchers = Array.FindAll(_watchers, w => w != watcher);
        watcher.Close();
    }

    public void OnLocRibChanged(RibEngine engine, in RibChange change)
    {
        if (!change.BestPathChanged) return;
        // The RIB loop is the only writer: a plain increment published with a volatile write. The locked increment it
        // replaces was most of this method's 1.1 % of a full-table ingest (perf, workload 1), paid on every change.
        Volatile.Write(ref _bestPathChanges, _bestPathChanges + 1);
        var watchers = Volatile.Read(ref _watchers);
        if (watchers.Length == 0) return;
        bool wanted = false;
        foreach (var w in watchers) wanted |= w.BestPaths;
        if (!wanted) return;
        var e = new V1.BestPathEvent { Prefix = change.Prefix.ToString(), Family = ApiConvert.Family(change.Prefix.Afi) };
        if (engine.Rib.TryGetBest(change.Prefix, out var best))
        {
            string peer = RouteQuery.PeerName(engine, best.PeerId);
            e.Best = ApiConvert.Route(best.Prefix, best.PathId, best.Attributes.Attributes, best.Attributes.NextHop, peer, true, false);
        }
        else
        {
            e.Withdrawn = true;
        }
        var response = new V1.WatchEventsResponse { At = ApiConvert.Time(time.GetUtcNow()), BestPath = e };
        foreach (var w in watchers)
            if (w.BestPaths) w.Offer(response);
    }

    public void OnPeerState(PeerSession session, PeerStateChange change)
    {
        var watchers = Volatile.Read(ref _watchers);
        if (watchers.Length == 0) return;
        var response = new V1.WatchEventsResponse { At = ApiConvert.Time(time.GetUtcNow()), Peer = PeerEvent(session, change.From, change.To, change.Reason?.ToString()) };
        foreach (var w in watchers)
            if (w.Peers) w.Offer(response);
    }

    public static V1.PeerStateEvent PeerEvent(PeerSession session, Protocol.Session.SessionState from, Protocol.Session.SessionState to, string? reason) => new()
    {
        PeerAddress = session.Settings.Address.ToString(),
        Asn = session.Settings.PeerAs,
        From = ApiConvert.State(from),
        To = ApiConvert.State(to),
        Reason = reason ?? "",
    };
}
