using Bgp.Protocol;

namespace Bgp.Rib.Engine;

/// <summary>
/// Graceful restart, restarting side (RFC 4724 4.1): after our own restart the Loc-RIB fills as the peers come
/// back, but nothing is exported until End-of-RIB has arrived from every awaited peer, or the loop's selection
/// deferral timer posts <see cref="EndDeferral"/>. Only then does every Established peer get the whole table,
/// chosen with all the routes known, followed by End-of-RIB; so a peer keeping our routes stale sees each one
/// refreshed once instead of a withdrawal and a re-announcement while we are still learning.
/// <para>
/// The awaited peers are those configured with graceful restart (<see cref="BeginDeferral"/>). One that comes
/// up without the capability, or with the Restart State bit set (it restarted as well and defers too), is no
/// longer awaited (RFC 4724 4.1 excludes both); the others count once they sent End-of-RIB for every unicast
/// family of the session. A peer that never comes up is left to the timer. The decision process itself runs as
/// routes arrive (the Loc-RIB observers, such as the kernel sync with its own deferral, see every change);
/// what is deferred is its result reaching the peers.
/// </para>
/// </summary>
public sealed partial class RibEngine
{
    /// <summary>Awaited peers (RFC 4724 4.1) and, once up, the families whose End-of-RIB is still missing.</summary>
    private readonly Dictionary<int, HashSet<AfiSafi>?> _deferralWaiting = [];

    /// <summary>True while route selection is deferred after our restart: peers get no UPDATEs yet.</summary>
    public bool Deferring { get; private set; }

    /// <summary>How many awaited peers have not sent End-of-RIB for every family yet.</summary>
    public int DeferralWaitingCount => _deferralWaiting.Count;

    /// <summary>
    /// Starts deferring route selection until every peer in <paramref name="peerIds"/> is done (see the class
    /// comment) or <see cref="EndDeferral"/> arrives. Call before the first command (before the loop starts).
    /// With no peer to wait for there is nothing to defer.
    /// </summary>
    public void BeginDeferral(IEnumerable<int> peerIds)
    {
        ArgumentNullException.ThrowIfNull(peerIds);
        if (_peers.Count > 0) throw new InvalidOperationException("deferral starts before any peer is up");
        foreach (int id in peerIds) _deferralWaiting[id] = null;
        Deferring = _deferralWaiting.Count > 0;
    }

    /// <summary>An awaited peer came up during the deferral: note what to wait for, or stop waiting for it.</summary>
    private void DeferralPeerUp(EnginePeer peer)
    {
        if (!Deferring || !_deferralWaiting.ContainsKey(peer.Id)) return;
        var capability = peer.Facts.GracefulRestart;
        HashSet<AfiSafi> families = [];
        foreach (var family in peer.Facts.Families)
            if (family.IsUnicastIp) families.Add(family);
        // RFC 4724 4.1: peers without the capability, or restarting themselves (R bit), are not waited for.
        if (capability is null || capability.RestartState || families.Count == 0) _deferralWaiting.Remove(peer.Id);
        else _deferralWaiting[peer.Id] = families;
        CheckDeferralDone();
    }

    private void DeferralEndOfRib(EnginePeer peer, AfiSafi family)
    {
        if (!Deferring || !_deferralWaiting.TryGetValue(peer.Id, out var families) || families is null) return;
        if (families.Remove(family) && families.Count == 0)
        {
            _deferralWaiting.Remove(peer.Id);
            CheckDeferralDone();
        }
    }

    private void CheckDeferralDone()
    {
        if (Deferring && _deferralWaiting.Count == 0) FinishDeferral(timerExpired: false);
    }

    private void OnEndDeferral()
    {
        if (Deferring) FinishDeferral(timerExpired: true);
    }

    /// <summary>RFC 4724 4.1: selection is done; every Established peer gets the table and End-of-RIB.</summary>
    private void FinishDeferral(bool timerExpired)
    {
        Deferring = false;
        int left = _deferralWaiting.Count;
        _deferralWaiting.Clear();
        foreach (var peer in _peers.Values)
            if (peer.IsExportTarget) SendInitialTable(peer);
        _outcomes.Add(new DeferralEnded(timerExpired, left));
    }
}
