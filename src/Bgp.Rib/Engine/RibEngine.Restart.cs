using Bgp.Protocol;

namespace Bgp.Rib.Engine;

/// <summary>
/// Graceful restart, receiving side (RFC 4724 4.2). When a GR peer's session ends without a NOTIFICATION,
/// its paths stay in the Loc-RIB marked stale (still the best paths they were, so forwarding goes on) and
/// its engine state waits in <c>_restarting</c> (export needs its source). Back up, the peer refreshes them
/// by announcing them again; its End-of-RIB for a family sweeps that family's stale leftovers. A family
/// the new session does not preserve forwarding state for (F bit clear, or no GR capability at all) is
/// swept at once. The engine has no clock: the loop posts <see cref="SweepStale"/> when the restart time
/// (peer down) or the stale path time (peer back, no End-of-RIB yet) runs out. RFC 8538 (GR after a
/// NOTIFICATION) is not done: the loop asks for retention only after a TCP-level loss.
/// </summary>
public sealed partial class RibEngine
{
    /// <summary>True while the peer is down with its routes kept as stale.</summary>
    public bool IsRestarting(int peerId) => _restarting.ContainsKey(peerId);

    /// <summary>How many of the peer's paths are stale, both families.</summary>
    public int StalePathCount(int peerId) => Rib.Ipv4.StalePathCount(peerId) + Rib.Ipv6.StalePathCount(peerId);

    private void RetainStale(EnginePeer peer)
    {
        int kept = Rib.Ipv4.MarkStale(peer.Id) + Rib.Ipv6.MarkStale(peer.Id);
        if (kept > 0)
        {
            _restarting[peer.Id] = peer;
            return;
        }
        Rib.Peers.Remove(peer.Id);
    }

    /// <summary>
    /// True when the decision process sees no difference between the two sessions of a peer: (d) internal or
    /// external, (f) BGP Identifier and (g) peer address are the peer's, not its paths' (RFC 4271 9.1.2.2).
    /// </summary>
    private static bool DecidesAlike(RibPeer before, RibPeer now) =>
        before.IsInternal == now.IsInternal && before.BgpId == now.BgpId && RibPeer.CompareAddress(before, now) == 0;

    /// <summary>
    /// <paramref name="redecide"/>: the new session differs in what the decision reads of the peer, so every
    /// destination its stale paths are in is decided again now. Nothing else would: a refresh with the same
    /// attributes decides nothing, and the Loc-RIB's incremental decision (LocRib.Incremental.cs) keeps the
    /// stored best when another peer's update loses before MED, which is only right while that best is what the
    /// full selection gives on today's inputs.
    /// </summary>
    private void OnRestartedPeerUp(EnginePeer peer, bool redecide)
    {
        var capability = peer.Facts.GracefulRestart;
        foreach (var afi in (ReadOnlySpan<Afi>)[Afi.Ipv4, Afi.Ipv6])
        {
            var family = new AfiSafi(afi, Safi.Unicast);
            bool preserved = false;
            if (capability is not null && peer.Facts.Supports(family))
                foreach (var f in capability.Families)
                    if (f.Family == family && f.ForwardingStatePreserved) preserved = true;
            // RFC 4724 4.2: no capability in the new OPEN, or the F bit clear for a family: its stale
            // routes go immediately (the peer's forwarding state for them is gone).
            if (!preserved) Sweep(peer.Id, afi);
            else if (redecide)
            {
                _changes.Clear();
                Rib.Table(afi).ReevaluatePeer(peer.Id, _changes);
                foreach (var change in _changes) OnChanged(change);
                _changes.Clear();
            }
        }
    }

    private void OnEndOfRib(EnginePeer peer, AfiSafi family)
    {
        if (family.IsUnicastIp) Sweep(peer.Id, family.Afi);
        DeferralEndOfRib(peer, family);
    }

    private void OnSweepStale(int peerId, AfiSafi? family)
    {
        if (family is { } f)
        {
            if (!f.IsUnicastIp) return;
            Sweep(peerId, f.Afi);
        }
        else
        {
            Sweep(peerId, Afi.Ipv4);
            Sweep(peerId, Afi.Ipv6);
        }
        // A peer still down with nothing left is forgotten.
        if (_restarting.ContainsKey(peerId) && AcceptedPathCount(peerId) == 0)
        {
            _restarting.Remove(peerId);
            Rib.Peers.Remove(peerId);
        }
    }

    private void Sweep(int peerId, Afi afi)
    {
        _changes.Clear();
        Rib.Table(afi).SweepStale(peerId, _changes);
        foreach (var change in _changes) OnChanged(change);
        _changes.Clear();
    }
}
