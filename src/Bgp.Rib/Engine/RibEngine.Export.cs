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
    /// change also goes to every Established peer (RFC 4271 9.2).
    /// </summary>
    private void OnChanged(in RibChange change)
    {
        if (change.Kind == RibChangeKind.Unchanged) return;
        foreach (var observer in _observers) observer.OnLocRibChanged(this, change);
        if (change.BestPathChanged) ExportChange(change.Prefix);
    }

    /// <summary>The best path of <paramref name="prefix"/> changed: tell every Established peer (RFC 4271 9.2).</summary>
    private void ExportChange(Prefix prefix)
    {
        bool hasBest = Rib.TryGetBest(prefix, out var best);
        foreach (var peer in _peers.Values)
            if (peer.Sends(prefix.Afi)) ExportTo(peer, prefix, best, hasBest);
    }

    /// <summary>
    /// Runs the export rules (<see cref="PeerExporter"/>: split horizon, reflection, prepend, next hop) and
    /// then the peer's export policy over <paramref name="best"/>, and puts the result (an announcement or a
    /// withdrawal) into the peer's Adj-RIB-Out, which coalesces it with anything still pending.
    /// </summary>
    private void ExportTo(EnginePeer peer, Prefix prefix, in RibPath best, bool hasBest)
    {
        var nlri = new Nlri(prefix);
        if (!hasBest)
        {
            peer.AdjRibOut.Withdraw(nlri);
            return;
        }
        bool local = best.PeerId == LocalPeerId;
        EnginePeer? from = null;
        if (!local && !_peers.TryGetValue(best.PeerId, out from) && !_restarting.TryGetValue(best.PeerId, out from))
            throw new InvalidOperationException($"best path of {prefix} is from peer {best.PeerId}, which is not up");
        var source = local ? ExportSource.Local(Settings.RouterId) : from!.ExportSource;
        var verdict = peer.Exporter.Export(source, prefix.Afi, best.Attributes, out var exported);
        if (verdict != ExportVerdict.Advertise)
        {
            peer.AdjRibOut.Withdraw(nlri);
            return;
        }

        // Export policy sees the route as it would be sent (after the rules), like BIRD's export filter.
        var policySource = local ? RouteSource.Local : from!.PolicySource;
        var context = new RouteContext(prefix, exported!.Attributes, prefix.IsIpv6 ? exported.NextHop : null, policySource, Settings.LocalAs);
        var result = peer.Policy.EvaluateExport(context);
        if (!result.Accepted)
        {
            ExportInterner.Release(exported);
            peer.AdjRibOut.Withdraw(nlri);
            return;
        }
        if (result.Modified)
        {
            var changed = Reintern(peer, prefix.Afi, exported, result);
            ExportInterner.Release(exported);
            if (changed is null)
            {
                peer.AdjRibOut.Withdraw(nlri);
                return;
            }
            exported = changed;
        }
        peer.AdjRibOut.Announce(nlri, exported);
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
