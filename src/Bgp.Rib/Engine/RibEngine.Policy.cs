using Bgp.Protocol;

namespace Bgp.Rib.Engine;

/// <summary>
/// Policy changes without a session reset: soft reconfiguration inbound re-runs import policy over the
/// routes as received, kept when <see cref="PeerRibOptions.SoftReconfigurationInbound"/> is on (otherwise
/// the peer is asked to send them again, RFC 2918); outbound re-runs export over the Loc-RIB and the
/// Adj-RIB-Out sends only what differs from what the peer has.
/// </summary>
public sealed partial class RibEngine
{
    /// <summary>True when the peer is up and its routes as received are kept.</summary>
    public bool KeepsPrePolicy(int peerId) => _peers.TryGetValue(peerId, out var peer) && peer.PrePolicy is not null;

    /// <summary>How many routes as received (before import policy) are kept for the peer.</summary>
    public int PrePolicyCount(int peerId) => _peers.TryGetValue(peerId, out var peer) && peer.PrePolicy is { } p ? p.Count : 0;

    private void OnReplacePolicy(ReplacePolicy replace)
    {
        if (!_peers.TryGetValue(replace.PeerId, out var peer)) return;
        var old = peer.Options;
        bool importChanged = !ReferenceEquals(old.ImportFilter, replace.ImportFilter);
        bool exportChanged = !ReferenceEquals(old.ExportFilter, replace.ExportFilter);
        if (!importChanged && !exportChanged) return;
        peer.Options = old with { ImportFilter = replace.ImportFilter, ExportFilter = replace.ExportFilter };
        peer.Policy = Settings.PolicyDefaults.ForPeer(peer.Facts.IsInternal, replace.ImportFilter, replace.ExportFilter);
        // A new export key: an update group member goes its own way first (RibEngine.Groups.cs), before the
        // re-import below exports changes: the peer may be the member that exports for the group, and its new
        // filter must not decide what the others are sent.
        if (exportChanged) Regroup(peer);
        if (importChanged) SoftResetIn(peer);
        if (exportChanged) SoftResetOut(peer);
    }

    private void OnSoftResetIn(int peerId)
    {
        if (_peers.TryGetValue(peerId, out var peer)) SoftResetIn(peer);
    }

    private void OnSoftResetOut(int peerId)
    {
        if (_peers.TryGetValue(peerId, out var peer)) SoftResetOut(peer);
    }

    private void SoftResetIn(EnginePeer peer)
    {
        if (peer.LimitShutdown) return;
        if (peer.PrePolicy is not { } prePolicy)
        {
            // Nothing kept: the peer sends its routes again and they meet the new policy on arrival.
            foreach (var family in peer.Facts.Families)
                if (family.IsUnicastIp) _outcomes.Add(new RouteRefreshNeeded(peer.Id, family));
            return;
        }
        // ImportOne changes the Loc-RIB, never the kept routes, so enumerating them meanwhile is safe.
        foreach (var (nlri, received) in prePolicy)
            ImportOne(peer, nlri, received.Attributes, nlri.Prefix.IsIpv6 ? received.NextHop : null);
        CheckPrefixLimit(peer, Rib.AdjRibIn(peer.Id, Afi.Ipv4).Count > 0 ? AfiSafi.Ipv4Unicast : AfiSafi.Ipv6Unicast);
    }

    private void SoftResetOut(EnginePeer peer)
    {
        // RFC 4724 4.1: while selection is deferred nothing has been sent, and the end of the deferral sends the whole
        // table with the policy of that moment. Exported now, a route would stay pending as it is: changes are not
        // exported while deferring, and the end of the deferral walks only the best paths left (a route withdrawn
        // meanwhile went out as announced).
        if (Deferring) return;
        foreach (var afi in (ReadOnlySpan<Afi>)[Afi.Ipv4, Afi.Ipv6])
        {
            if (!peer.Sends(afi)) continue;
            _scratch.Clear();
            Rib.Table(afi).CopyBestPaths(_scratch);
            foreach (var best in _scratch) ExportTo(peer, best.Prefix, best, hasBest: true);
        }
        _scratch.Clear();
    }

    private void ReleasePrePolicy(EnginePeer peer)
    {
        if (peer.PrePolicy is not { } prePolicy) return;
        foreach (var received in prePolicy.Values) Rib.Interner.Release(received);
        prePolicy.Clear();
    }
}
