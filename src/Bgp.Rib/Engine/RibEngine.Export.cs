using System.Net;
using Bgp.Protocol;
using Bgp.Rib.Export;
using Bgp.Rib.Policy;

namespace Bgp.Rib.Engine;

public sealed partial class RibEngine
{
    // One export memo per class of peers (ExportMemo.ClassOf); kept for the engine's life, as there are
    // at most as many classes as peers ever configured with distinct export settings.
    private readonly Dictionary<ExportPeer, ExportMemo> _memos = [];

    private ExportMemo MemoFor(ExportPeer peer)
    {
        var key = ExportMemo.ClassOf(peer);
        if (!_memos.TryGetValue(key, out var memo))
        {
            memo = new ExportMemo();
            _memos.Add(key, memo);
        }
        return memo;
    }

    /// <summary>
    /// Something changed for one prefix: observers hear of best-path and multipath changes; a best-path
    /// change also goes to every Established peer (RFC 4271 9.2), and while a peer takes several paths
    /// (ADD-PATH, RFC 7911) a multipath or candidate change goes to it as well.
    /// </summary>
    private void OnChanged(in RibChange change)
    {
        if (change.Kind == RibChangeKind.Unchanged) return;
        if ((change.Kind & (RibChangeKind.BestPath | RibChangeKind.Multipath)) != 0)
            foreach (var observer in _observers) observer.OnLocRibChanged(this, change);
        if (_addPathPeers > 0) ExportChangeAddPath(change);
        else if (change.BestPathChanged) ExportChange(change);
    }

    /// <summary>
    /// The best path of the change's prefix changed: tell every Established peer (RFC 4271 9.2). The best path
    /// and every peer's Adj-RIB-Out state are found by the change's destination index, checked once here, not
    /// by the prefix (perf of workload 1: the lookups of TryGetBest, AdjRibOut.DenseTarget and NlriMap were
    /// about 1 % of bgpd, once per peer; workload 3 has 50 peers).
    /// </summary>
    private void ExportChange(in RibChange change)
    {
        // RFC 4724 4.1: deferred after our restart; the whole table goes out when the deferral ends.
        if (Deferring) return;
        var table = Rib.Table(change.Prefix);
        int d = table.CurrentDestination(change);
        // Batched (RibEngine.Batch.cs): the destination is exported once, with the best path it has at the flush.
        if (BatchExports && d >= 0)
        {
            Batch(table).Mark(table, d);
            return;
        }
        ExportDestination(table, change.Prefix, d);
    }

    /// <summary>Exports the best path of <paramref name="prefix"/>, destination <paramref name="d"/> of <paramref name="table"/> (-1 for none), to every peer it goes to.</summary>
    private void ExportDestination(LocRib table, Prefix prefix, int d)
    {
        bool hasBest = table.TryGetBestAt(d, out var best);
        // Without a best path the destination may have no path left, kept only by Adj-RIB-Out holds that the
        // withdrawals below give back one by one; the last would free d (or let it be reused) while later peers
        // are still told it. So the engine holds it for the loop, and its release frees it as the last peer's would have.
        bool hold = d >= 0 && !hasBest;
        if (hold) table.HoldDestination(d);
        try
        {
            // An update group's members share its first member's export (RibEngine.Groups.cs).
            foreach (var peer in _peers.Values)
                if (peer.Sends(prefix.Afi) && peer.IsExportTarget) ExportBestTo(peer, prefix, best, hasBest, d);
        }
        finally
        {
            if (hold) table.ReleaseDestination(d);
        }
    }

    /// <summary>
    /// Exports <paramref name="prefix"/> to <paramref name="peer"/>: the best path, or with ADD-PATH send the
    /// paths the peer's mode asks for (each with its own id, withdrawing the ids that are no longer sent).
    /// </summary>
    private void ExportTo(EnginePeer peer, Prefix prefix, in RibPath best, bool hasBest)
    {
        var mode = peer.AddPathMode(prefix.Afi);
        if (mode == AddPathSendMode.None) ExportBestTo(peer, prefix, best, hasBest);
        else
        {
            InvalidatePathLists();
            ExportPathsTo(peer, prefix, mode);
        }
    }

    /// <summary>
    /// The best path only (no ADD-PATH send in this family): announces it with path id 0 when it passes
    /// <see cref="ExportPath"/>, else withdraws path id 0. The peer's Adj-RIB-Out coalesces it with anything
    /// still pending.
    /// </summary>
    /// <param name="destination">
    /// The Loc-RIB destination index of <paramref name="prefix"/> (-1 for none) when the caller has it valid
    /// for the whole export, else <see cref="Export.AdjRibOut.UnknownDestination"/>.
    /// </param>
    private void ExportBestTo(EnginePeer peer, Prefix prefix, in RibPath best, bool hasBest, int destination = Export.AdjRibOut.UnknownDestination)
    {
        var nlri = new Nlri(prefix);
        var exported = hasBest ? ExportPath(peer, prefix, best) : null;
        if (exported is null) peer.AdjRibOut.Withdraw(nlri, destination);
        else peer.AdjRibOut.Announce(nlri, exported, destination);
    }

    /// <summary>
    /// Runs the export rules (<see cref="PeerExporter"/>: split horizon, reflection, prepend, next hop) and
    /// then the peer's export policy over one Loc-RIB path. Returns the set to send (the caller owns one
    /// reference) or null when the path does not go to this peer.
    /// </summary>
    private ExportedRoute? ExportPath(EnginePeer peer, Prefix prefix, in RibPath path)
    {
        bool local = path.PeerId == LocalPeerId;
        EnginePeer? from = null;
        if (!local && !_peers.TryGetValue(path.PeerId, out from) && !_restarting.TryGetValue(path.PeerId, out from))
            throw new InvalidOperationException($"a path of {prefix} is from peer {path.PeerId}, which is not up");
        var source = local ? ExportSource.Local(Settings.RouterId) : from!.ExportSource;
        var verdict = peer.Exporter.Export(source, prefix.Afi, path.Attributes, out var exported);
        if (verdict != ExportVerdict.Advertise) return null;

        // A filter without terms decides by its default alone (PolicyEvaluator), so it is not given the attributes: a
        // set derived for an external peer makes them again on a cache miss (ExportedRoute.Attributes), and a table
        // the peer already has would cost a PathAttributes and an AsPath per prefix that nothing looks at.
        var filter = peer.Policy.Export;
        if (filter.Terms.IsEmpty)
        {
            if (filter.Default == PolicyVerdict.Accept) return exported;
            ExportInterner.Release(exported!);
            return null;
        }

        // Export policy sees the route as it would be sent (after the rules), like BIRD's export filter.
        var policySource = local ? RouteSource.Local : from!.PolicySource;
        var context = new RouteContext(prefix, exported!.Attributes, prefix.IsIpv6 ? exported.NextHop : null, policySource, Settings.LocalAs);
        var result = peer.Policy.EvaluateExport(context);
        if (!result.Accepted)
        {
            ExportInterner.Release(exported);
            return null;
        }
        if (!result.Modified) return exported;
        var changed = Reintern(peer, prefix.Afi, exported, result);
        ExportInterner.Release(exported);
        return changed;
    }

    /// <summary>The exported set after export policy changed it; null when next-hop-self has no address of the family.</summary>
    private ExportedRoute? Reintern(EnginePeer peer, Afi afi, ExportedRoute exported, in PolicyResult result)
    {
        var attributes = result.Attributes;
        IPAddress? nextHop;
        IPAddress? linkLocal = exported.LinkLocalNextHop;
        if (afi == Afi.Ipv4)
        {
            nextHop = result.NextHopSelf ? peer.Facts.LocalAddressV4 : attributes.NextHop;
            if (nextHop is null) return null;
            if (!Equals(attributes.NextHop, nextHop)) attributes = attributes with { NextHop = nextHop };
        }
        else
        {
            nextHop = result.NextHopSelf ? peer.Facts.LocalAddressV6 : result.NextHop;
            if (result.NextHopSelf) linkLocal = peer.Facts.LinkLocalV6;
            else if (!Equals(nextHop, exported.NextHop)) linkLocal = null;
            if (nextHop is null) return null;
        }
        return ExportInterner.Intern(afi, attributes, nextHop, linkLocal);
    }
}
