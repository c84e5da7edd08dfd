using Bgp.Protocol;

namespace Bgp.Rib.Engine;

/// <summary>
/// ADD-PATH send (RFC 7911): a peer that negotiated sending path identifiers for a family gets, per prefix,
/// the paths its <see cref="AddPathSendMode"/> asks for, each through the export rules and export policy on
/// its own (so split horizon, iBGP and reflection rules hold per path), each with the id
/// <see cref="RibPath.LocalPathId"/> (stable while the path lives; RFC 7911 3). What was sent per prefix is
/// kept per peer (<see cref="EnginePeer.AddPathIds"/>) so that a path that goes is withdrawn by its id.
/// <para>
/// Cost for everyone else: nothing while no such peer is up (<see cref="_addPathPeers"/> is 0, and the
/// Loc-RIB reports <see cref="RibChangeKind.Candidates"/> only while a peer in "all" or "best N" mode is up).
/// </para>
/// </summary>
public sealed partial class RibEngine
{
    /// <summary>Established peers with an ADD-PATH send mode in some family.</summary>
    private int _addPathPeers;
    /// <summary>Per family (IPv4, IPv6): peers whose mode needs changes to any candidate, not only the multipath set.</summary>
    private readonly int[] _candidatePeers = new int[2];

    private readonly List<RibPath> _ranked = [];
    private readonly List<RibPath> _ecmp = [];
    private bool _rankedValid;
    private bool _ecmpValid;
    private readonly List<uint> _ids = [];

    /// <summary>Counts a peer that just came up (before its initial table) and turns candidate reporting on when needed.</summary>
    private void AddPathPeerUp(EnginePeer peer) => CountAddPathPeer(peer, +1);

    /// <summary>Forgets a peer that went down (its Adj-RIB-Out is cleared separately).</summary>
    private void AddPathPeerDown(EnginePeer peer)
    {
        peer.AddPathIds.Clear();
        CountAddPathPeer(peer, -1);
    }

    private void CountAddPathPeer(EnginePeer peer, int delta)
    {
        if (peer.AddPathV4 == AddPathSendMode.None && peer.AddPathV6 == AddPathSendMode.None) return;
        _addPathPeers += delta;
        if (peer.AddPathV4 is AddPathSendMode.All or AddPathSendMode.BestN) _candidatePeers[0] += delta;
        if (peer.AddPathV6 is AddPathSendMode.All or AddPathSendMode.BestN) _candidatePeers[1] += delta;
        Rib.Ipv4.ReportCandidates = _candidatePeers[0] > 0;
        Rib.Ipv6.ReportCandidates = _candidatePeers[1] > 0;
    }

    /// <summary>A prefix changed while some peer takes several paths: each peer gets what its mode says changed.</summary>
    private void ExportChangeAddPath(in RibChange change)
    {
        // RFC 4724 4.1, as ExportChange: deferred after our restart, the whole table goes out when the deferral ends.
        // Exported now, a change would stay pending as it is once the ADD-PATH peers are gone and ExportChange no
        // longer exports the later ones (a route withdrawn meanwhile went out as announced).
        if (Deferring) return;
        var prefix = change.Prefix;
        InvalidatePathLists();
        // As in ExportChange: the best path by the change's destination index, held while peers without
        // ADD-PATH are told (their withdrawals give back Adj-RIB-Out holds).
        var table = Rib.Table(prefix);
        int d = change.BestPathChanged ? table.CurrentDestination(change) : -1;
        bool hasBest = table.TryGetBestAt(d, out var best);
        bool hold = d >= 0 && !hasBest;
        if (hold) table.HoldDestination(d);
        try
        {
            foreach (var peer in _peers.Values)
            {
                if (!peer.Sends(prefix.Afi) || !peer.IsExportTarget) continue;
                var mode = peer.AddPathMode(prefix.Afi);
                switch (mode)
                {
                    case AddPathSendMode.None:
                        if (!change.BestPathChanged) continue;
                        ExportBestTo(peer, prefix, best, hasBest, d);
                        break;
                    case AddPathSendMode.Ecmp:
                        if (change.BestPathChanged || change.MultipathChanged) ExportPathsTo(peer, prefix, mode);
                        break;
                    default:
                        ExportPathsTo(peer, prefix, mode);
                        break;
                }
            }
        }
        finally
        {
            if (hold) table.ReleaseDestination(d);
        }
        InvalidatePathLists();
    }

    private void InvalidatePathLists()
    {
        _rankedValid = false;
        _ecmpValid = false;
    }

    /// <summary>The paths <paramref name="mode"/> draws from, best first, read once per change for all peers.</summary>
    private List<RibPath> PathsFor(Prefix prefix, AddPathSendMode mode)
    {
        if (mode == AddPathSendMode.Ecmp)
        {
            if (!_ecmpValid)
            {
                _ecmp.Clear();
                Rib.Table(prefix.Afi).GetMultipath(prefix, _ecmp);
                _ecmpValid = true;
            }
            return _ecmp;
        }
        if (!_rankedValid)
        {
            _ranked.Clear();
            Rib.Table(prefix.Afi).GetRanked(prefix, _ranked);
            _rankedValid = true;
        }
        return _ranked;
    }

    /// <summary>
    /// Announces the paths of <paramref name="prefix"/> that <paramref name="mode"/> selects and that pass the
    /// export rules and policy, each under its own id, and withdraws the ids sent before that are not among
    /// them (RFC 7911 3: a withdrawal names the path by its identifier). The Adj-RIB-Out drops announcements
    /// the peer already has, so re-running this for an unchanged prefix sends nothing.
    /// </summary>
    private void ExportPathsTo(EnginePeer peer, Prefix prefix, AddPathSendMode mode)
    {
        var paths = PathsFor(prefix, mode);
        int limit = mode == AddPathSendMode.BestN ? Math.Max(1, peer.Options.AddPathMaxPaths) : int.MaxValue;
        _ids.Clear();
        foreach (var path in paths)
        {
            if (_ids.Count >= limit) break;
            var exported = ExportPath(peer, prefix, path);
            if (exported is null) continue;
            peer.AdjRibOut.Announce(new Nlri(prefix, path.LocalPathId), exported);
            _ids.Add(path.LocalPathId);
        }

        if (peer.AddPathIds.TryGetValue(prefix, out var before))
        {
            foreach (uint id in before)
                if (!_ids.Contains(id)) peer.AdjRibOut.Withdraw(new Nlri(prefix, id));
            if (_ids.Count == 0) peer.AddPathIds.Remove(prefix);
            else if (!SameIds(before, _ids)) peer.AddPathIds[prefix] = [.. _ids];
        }
        else if (_ids.Count > 0) peer.AddPathIds.Add(prefix, [.. _ids]);
    }

    private static bool SameIds(uint[] before, List<uint> now)
    {
        if (before.Length != now.Count) return false;
        for (int i = 0; i < before.Length; i++)
            if (before[i] != now[i]) return false;
        return true;
    }
}
