using Bgp.Daemon.Config;
using Bgp.Daemon.Routing;
using Bgp.Rib.Engine;

namespace Bgp.Daemon.Hosting;

/// <summary>
/// Reload of a peer's policy without a session reset, and the log lines of what the RIB leaves to the loop
/// (prefix limits, ROUTE-REFRESH requests).
/// </summary>
public sealed partial class BgpDaemon
{
    /// <summary>
    /// A peer's filters changed (or a filter it uses was redefined): the new filters go to the RIB, which
    /// re-runs import over the kept routes (soft reconfiguration inbound) or asks the peer for a ROUTE-REFRESH,
    /// and re-runs export sending only the differences. The other soft keys (nextHopSelf,
    /// keepOriginalNextHop, routeReflectorClient, numAllowedLocalASNumbers) live in the session's export and
    /// import set-up and apply when the session next comes up.
    /// </summary>
    private async Task ApplySoftResetAsync(PeerChange change, PeerRibOptions options, CancellationToken cancellationToken)
    {
        string address = change.Address.ToString();
        string keys = string.Join(", ", change.ChangedKeys);
        if (!_sessions.TryGetValue(change.Address, out var session) || _rib.PeerIdOf(session) is not int peerId)
        {
            _log.Warning("Reload: peer {PeerAddress} changed {ChangedKeys} but is not attached to the RIB; not applied", address, keys);
            return;
        }
        // Only a side whose filter changed is re-run: the reload built new filter objects for every peer,
        // and re-running import without kept routes costs the peer a full ROUTE-REFRESH.
        var keysSet = change.ChangedKeys;
        bool importChanged = keysSet.Contains("importFilter") || keysSet.Contains($"filters.{change.New.ImportFilter}");
        bool exportChanged = keysSet.Contains("exportFilter") || keysSet.Contains($"filters.{change.New.ExportFilter}");
        var current = _rib.GetOptions(peerId) ?? options;
        _rib.UpdateOptions(peerId, options);
        await _rib.ReplacePolicyAsync(peerId, importChanged ? options.ImportFilter : current.ImportFilter,
            exportChanged ? options.ExportFilter : current.ExportFilter, cancellationToken).ConfigureAwait(false);
        bool filtersOnly = true;
        foreach (string key in change.ChangedKeys)
            if (key is not ("importFilter" or "exportFilter") && !key.StartsWith("filters.", StringComparison.Ordinal)) filtersOnly = false;
        if (filtersOnly)
            _log.Information("Reload: peer {PeerAddress} changed {ChangedKeys}; new filters applied ({Effect})", address, keys, change.Effect.ToString());
        else
            _log.Warning("Reload: peer {PeerAddress} changed {ChangedKeys}; filters applied, the rest applies when the session next comes up",
                address, keys);
    }

    private void OnRibOutcome(object? sender, RibOutcomeHandled handled)
    {
        switch (handled.Outcome)
        {
            case PrefixLimitReached limit when limit.Action == PrefixLimitAction.Warn:
                _log.Warning("Peer id {PeerId}: {PrefixCount} prefixes accepted, over the limit of {PrefixLimit} ({Family}); warning only",
                    limit.PeerId, limit.Count, limit.Limit, limit.Family.ToString());
                break;
            case PrefixLimitReached limit when handled.Done:
                _log.Warning("Peer id {PeerId}: {PrefixCount} prefixes accepted, over the limit of {PrefixLimit} ({Family}); closing with CEASE 6/1",
                    limit.PeerId, limit.Count, limit.Limit, limit.Family.ToString());
                break;
            case PrefixLimitReached limit:
                _log.Warning("Peer id {PeerId}: {PrefixCount} prefixes accepted, over the limit of {PrefixLimit} ({Family}), in a session that "
                    + "has already ended; no CEASE sent", limit.PeerId, limit.Count, limit.Limit, limit.Family.ToString());
                break;
            case RouteRefreshNeeded refresh when handled.Done:
                _log.Information("Peer id {PeerId}: import policy changed, ROUTE-REFRESH sent for {Family}", refresh.PeerId, refresh.Family.ToString());
                break;
            case RouteRefreshNeeded refresh:
                _log.Warning("Peer id {PeerId}: import policy changed but the peer cannot be asked for a ROUTE-REFRESH ({Family}); "
                    + "turn on softReconfigurationInbound or reset the session", refresh.PeerId, refresh.Family.ToString());
                break;
        }
    }
}
