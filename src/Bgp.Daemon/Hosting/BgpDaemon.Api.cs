using System.Net;
using Bgp.Daemon.Api;
using Bgp.Daemon.Config;
using Bgp.Daemon.Sessions;
using Bgp.Protocol;
using Bgp.Protocol.Session;
using Bgp.Rib.Engine;

namespace Bgp.Daemon.Hosting;

/// <summary>
/// Run-time changes and reads for the gRPC API and the health endpoint. Every change (API or reload) takes
/// <see cref="_mutation"/>, so peers are added, replaced and removed one operation at a time; reads use the
/// speaker's immutable peer list and queries answered on the RIB loop.
/// </summary>
public sealed partial class BgpDaemon
{
    private readonly SemaphoreSlim _mutation = new(1, 1);
    private readonly ApiEvents _events = new(TimeProvider.System);
    private ApiHost? _api;

    /// <summary>When <see cref="StartAsync"/> finished starting the peers.</summary>
    public DateTimeOffset StartedAt { get; private set; } = TimeProvider.System.GetUtcNow();

    internal ApiEvents Events => _events;

    /// <summary>Where the gRPC API listens (null when it could not bind); the port the OS chose for port 0.</summary>
    public IPEndPoint? ApiEndPoint => _api?.ApiEndPoint;

    /// <summary>True while the RIB loop runs (the liveness probe).</summary>
    public bool IsRibRunning => _rib.IsRunning;

    private async Task StartApiAsync(CancellationToken cancellationToken)
    {
        StartedAt = TimeProvider.System.GetUtcNow();
        _api = await ApiHost.StartAsync(this, _log, cancellationToken).ConfigureAwait(false);
    }

    private async Task StopApiAsync(CancellationToken cancellationToken)
    {
        var api = _api;
        _api = null;
        if (api is not null) await api.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The configured peer with this address, or null.</summary>
    public NeighborConfig? FindPeerConfig(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        foreach (var p in Config.Peers)
            if (p.Address.Equals(address)) return p;
        return null;
    }

    /// <summary>The session of the configured peer with this address, or null.</summary>
    public PeerSession? FindSession(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        foreach (var s in _speaker.Peers)
            if (s.Settings.Address.Equals(address)) return s;
        return null;
    }

    /// <summary>Every configured peer with its route counts (one RIB query for all of them).</summary>
    public async Task<List<PeerView>> SnapshotPeersAsync(CancellationToken cancellationToken)
    {
        var config = Config;
        var sessions = _speaker.Peers;
        var ids = new int?[sessions.Length];
        for (int i = 0; i < sessions.Length; i++) ids[i] = _rib.PeerIdOf(sessions[i]);
        var counts = await _rib.ReadAsync(engine =>
        {
            var result = new (long Received, long Accepted, long Out)[ids.Length];
            for (int i = 0; i < ids.Length; i++)
            {
                if (ids[i] is not int id || !engine.IsPeerUp(id)) continue;
                long accepted = engine.AcceptedPathCount(id);
                // Routes before import policy are known only where they are kept (softReconfigurationInbound);
                // otherwise what was rejected is gone and "received" can only be what was accepted.
                long received = engine.KeepsPrePolicy(id) ? engine.PrePolicyCount(id) : accepted;
                result[i] = (received, accepted, engine.AdjRibOut(id)?.SentCount ?? 0);
            }
            return result;
        }, cancellationToken).ConfigureAwait(false);
        var views = new List<PeerView>(sessions.Length);
        for (int i = 0; i < sessions.Length; i++)
        {
            NeighborConfig? peer = null;
            foreach (var p in config.Peers)
                if (p.Address.Equals(sessions[i].Settings.Address)) peer = p;
            if (peer is null) continue;
            views.Add(new PeerView(sessions[i], peer, counts[i].Received, counts[i].Accepted, counts[i].Out));
        }
        return views;
    }

    /// <summary>The RIB peer id of the session for <paramref name="address"/> (for ADJ_IN / ADJ_OUT reads), or null.</summary>
    public int? RibPeerIdOf(IPAddress address) => FindSession(address) is { } s ? _rib.PeerIdOf(s) : null;

    /// <summary>Adds a peer at run time (not written to the file). ALREADY_EXISTS / INVALID_ARGUMENT as the API says.</summary>
    public async Task<PeerOperationResult> AddPeerAsync(NeighborConfig peer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(peer);
        await _mutation.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (FindPeerConfig(peer.Address) is not null)
                return new PeerOperationResult(PeerOperationStatus.AlreadyExists, $"config.peer_ip: peer {peer.Address} is already configured");
            var next = Config with { Peers = Config.Peers.Add(peer) };
            var options = MapPeers(next, out var errors);
            if (errors.Count > 0) return new PeerOperationResult(PeerOperationStatus.InvalidArgument, string.Join("; ", errors));
            _log.Information("API: adding peer {PeerAddress} AS {PeerAs}", peer.Address.ToString(), peer.AsNumber);
            var session = AddSession(peer, options[peer.Address]);
            Config = next;
            return PeerOperationResult.Ok(session);
        }
        finally
        {
            _mutation.Release();
        }
    }

    /// <summary>
    /// Replaces a peer's settings. A change that needs it (<see cref="ConfigDiff"/>'s rules) gets a new session
    /// (CEASE 6/6, Other Configuration Change); filter changes are applied in place (soft reset).
    /// </summary>
    public async Task<PeerOperationResult> UpdatePeerAsync(NeighborConfig peer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(peer);
        await _mutation.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (FindPeerConfig(peer.Address) is null)
                return new PeerOperationResult(PeerOperationStatus.NotFound, $"config.peer_ip: no peer {peer.Address} is configured");
            var next = Config with { Peers = Config.Peers.Replace(FindPeerConfig(peer.Address)!, peer) };
            var options = MapPeers(next, out var errors);
            if (errors.Count > 0) return new PeerOperationResult(PeerOperationStatus.InvalidArgument, string.Join("; ", errors));
            var diff = ConfigDiff.Compare(Config, next);
            bool reset = false, soft = false;
            foreach (var change in diff.ChangedPeers)
            {
                if (change.RequiresSessionReset)
                {
                    _log.Information("API: peer {PeerAddress} changed {ChangedKeys}; resetting its session", peer.Address.ToString(), string.Join(", ", change.ChangedKeys));
                    await ReplaceSessionAsync(peer, options[peer.Address], cancellationToken).ConfigureAwait(false);
                    reset = true;
                }
                else if (change.Effect != PeerChangeEffect.None)
                {
                    await ApplySoftResetAsync(change, options[peer.Address], cancellationToken).ConfigureAwait(false);
                    soft = true;
                }
            }
            Config = next;
            return PeerOperationResult.Ok(FindSession(peer.Address)) with { SessionReset = reset, SoftReset = soft };
        }
        finally
        {
            _mutation.Release();
        }
    }

    /// <summary>Removes a peer: CEASE 6/3 (Peer De-configured, RFC 4486) and its routes are withdrawn.</summary>
    public async Task<PeerOperationResult> DeletePeerAsync(IPAddress address, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        await _mutation.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (FindPeerConfig(address) is not { } peer)
                return new PeerOperationResult(PeerOperationStatus.NotFound, $"peer_address: no peer {address} is configured");
            await RemoveSessionAsync(address, CeaseSubcode.PeerDeconfigured, cancellationToken).ConfigureAwait(false);
            Config = Config with { Peers = Config.Peers.Remove(peer) };
            _log.Information("API: removed peer {PeerAddress} AS {PeerAs}", address.ToString(), peer.AsNumber);
            return PeerOperationResult.Ok();
        }
        finally
        {
            _mutation.Release();
        }
    }

    /// <summary>Hard or soft reset of an enabled peer; FAILED_PRECONDITION for a disabled one or a soft reset it cannot take.</summary>
    public async Task<PeerOperationResult> ResetPeerAsync(IPAddress address, PeerResetKind kind, string? communication, CancellationToken cancellationToken)
    {
        if (FindSession(address) is not { } session)
            return new PeerOperationResult(PeerOperationStatus.NotFound, $"peer_address: no peer {address} is configured");
        if (!session.Enabled)
            return new PeerOperationResult(PeerOperationStatus.FailedPrecondition, $"peer {address} is disabled; enable it first");
        switch (kind)
        {
            case PeerResetKind.Hard:
                await session.ResetAsync(communication, cancellationToken).ConfigureAwait(false);
                return PeerOperationResult.Ok(session);
            case PeerResetKind.SoftIn:
            {
                if (session.NegotiatedSession is not { } negotiated || session.State != SessionState.Established || _rib.PeerIdOf(session) is not int id)
                    return new PeerOperationResult(PeerOperationStatus.FailedPrecondition, $"peer {address} is not Established");
                // Kept pre-policy routes (soft reconfiguration inbound) are re-run at once; without them the RIB asks
                // the loop for a ROUTE-REFRESH (RFC 2918), which needs the capability.
                bool kept = await _rib.ReadAsync(e => e.KeepsPrePolicy(id), cancellationToken).ConfigureAwait(false);
                if (!kept && !negotiated.RouteRefresh)
                    return new PeerOperationResult(PeerOperationStatus.FailedPrecondition,
                        $"peer {address} keeps no routes before policy (softReconfigurationInbound) and did not negotiate route refresh (RFC 2918)");
                await _rib.SoftResetInAsync(id, cancellationToken).ConfigureAwait(false);
                return PeerOperationResult.Ok(session);
            }
            default:
            {
                // Read once: the session may go down during the await below (NegotiatedSession is then null), and the
                // resend asked for is for the families of the session the operator reset.
                if (session.NegotiatedSession is not { } negotiated || _rib.PeerIdOf(session) is not int id)
                    return new PeerOperationResult(PeerOperationStatus.FailedPrecondition, $"peer {address} is not Established");
                // Export policy runs again (changes go out), then the whole Adj-RIB-Out is sent again, as an
                // operator asking for a soft reset out expects (BIRD's `reload out`, GoBGP's softresetout).
                await _rib.SoftResetOutAsync(id, cancellationToken).ConfigureAwait(false);
                foreach (var family in negotiated.Families)
                    if (family.IsUnicastIp) await _rib.PostAsync(new RouteRefreshRequested(id, family), cancellationToken).ConfigureAwait(false);
                return PeerOperationResult.Ok(session);
            }
        }
    }

    private PeerSession AddSession(NeighborConfig peer, PeerRibOptions options)
    {
        // Tracked (logged, attached to the RIB) before it starts: its first move out of Idle is logged like any other.
        return _speaker.AddPeer(BgpdConfig.ToPeerSettings(peer, Config.GracefulRestart), s => Track(s, options));
    }

    private async Task<bool> RemoveSessionAsync(IPAddress address, CeaseSubcode subcode, CancellationToken cancellationToken)
    {
        if (!_sessions.Remove(address, out var session)) return false;
        await _speaker.RemovePeerAsync(session, subcode, cancellationToken).ConfigureAwait(false);
        await _rib.DetachAsync(session, cancellationToken).ConfigureAwait(false);
        return true;
    }

    private async Task ReplaceSessionAsync(NeighborConfig peer, PeerRibOptions options, CancellationToken cancellationToken)
    {
        await RemoveSessionAsync(peer.Address, CeaseSubcode.OtherConfigurationChange, cancellationToken).ConfigureAwait(false);
        AddSession(peer, options);
    }
}
