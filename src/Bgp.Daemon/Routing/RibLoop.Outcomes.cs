using Bgp.Daemon.Sessions;
using Bgp.Rib.Engine;
using Bgp.Rib.Policy;

namespace Bgp.Daemon.Routing;

/// <summary>
/// What the engine leaves to the loop (it touches no session): closing a session over its prefix limit
/// (CEASE 6/1, RFC 4486), asking a peer for a ROUTE-REFRESH after its import policy changed, and the
/// policy commands of a reload.
/// </summary>
public sealed partial class RibLoop
{
    private readonly List<RibOutcome> _outcomes = [];

    /// <summary>
    /// Each outcome after the loop acted on it (for logging). Raised on the loop: handlers must not block
    /// or call back into the loop synchronously.
    /// </summary>
    public event EventHandler<RibOutcomeHandled>? OutcomeHandled;

    /// <summary>
    /// The options the peer's next session starts with (an Established session keeps its own until then;
    /// new filters reach it through <see cref="ReplacePolicyAsync"/>). False for an unknown peer.
    /// </summary>
    public bool UpdateOptions(int peerId, PeerRibOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (Binding(peerId) is not { } binding) return false;
        binding.Options = options;
        return true;
    }

    /// <summary>The options of the peer's next session, or null for an unknown peer.</summary>
    public PeerRibOptions? GetOptions(int peerId) => Binding(peerId)?.Options;

    /// <summary>
    /// New import and export filters for the peer: the next session uses them, and an Established one gets
    /// them at once (import re-run over the kept routes or a ROUTE-REFRESH; export differences sent).
    /// </summary>
    public ValueTask ReplacePolicyAsync(int peerId, Filter? importFilter, Filter? exportFilter, CancellationToken cancellationToken) =>
        PostAsync(new ReplacePolicy(peerId, importFilter, exportFilter), cancellationToken);

    /// <summary>Re-applies the peer's import policy (kept routes, or a ROUTE-REFRESH to the peer).</summary>
    public ValueTask SoftResetInAsync(int peerId, CancellationToken cancellationToken) =>
        PostAsync(new SoftResetIn(peerId), cancellationToken);

    /// <summary>Re-runs export towards the peer and sends what differs.</summary>
    public ValueTask SoftResetOutAsync(int peerId, CancellationToken cancellationToken) =>
        PostAsync(new SoftResetOut(peerId), cancellationToken);

    private void ActOnOutcomes()
    {
        if (Engine.TakeOutcomes(_outcomes) == 0) return;
        foreach (var outcome in _outcomes)
        {
            var binding = Binding(outcome.PeerId);
            bool done = false;
            switch (outcome)
            {
                case PrefixLimitReached { Action: PrefixLimitAction.Shutdown } limit when binding is not null:
                    // Not awaited: the close waits for the NOTIFICATION to be written; its PeerDown comes back
                    // through the session's events like any other.
                    // The session drops a Cease for an Established that has ended (PeerSession.CeaseMaxPrefixesAsync):
                    // report it as not done then, so that the log does not claim a Cease nobody sent. Read before the
                    // stop, which may end the session before it returns.
                    done = binding.ConnectionEpoch != 0 && binding.Session.ConnectionEpoch == binding.ConnectionEpoch;
                    _ = CeaseAsync(binding.Session, binding.ConnectionEpoch, limit);
                    break;
                case RouteRefreshNeeded refresh when binding is not null:
                    done = binding.Session.TrySendRouteRefresh(binding.ConnectionEpoch, refresh.Family);
                    break;
            }
            OutcomeHandled?.Invoke(this, new RibOutcomeHandled(outcome, done));
        }
        _outcomes.Clear();
    }

    /// <summary>The Cease for the session whose prefixes the engine counted (<paramref name="connectionEpoch"/>), not a later one.</summary>
    private static async Task CeaseAsync(PeerSession session, long connectionEpoch, PrefixLimitReached limit)
    {
        try
        {
            await session.CeaseMaxPrefixesAsync(connectionEpoch, limit.Family, limit.Limit, CancellationToken.None).ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            // The session was disposed meanwhile (shutdown): nothing left to close.
        }
    }
}
