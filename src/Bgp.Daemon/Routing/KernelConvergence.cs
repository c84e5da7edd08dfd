using Bgp.Daemon.Sessions;
using Bgp.Protocol;
using Bgp.Protocol.Messages;
using Bgp.Protocol.Session;

namespace Bgp.Daemon.Routing;

/// <summary>
/// Tells when the RIB has converged after our own restart (RFC 4724 4.1, Restarting Speaker): every
/// configured peer came up and sent End-of-RIB for each family the session negotiated. Peers that do not
/// come up are covered by the selection deferral timer of the <see cref="KernelSync"/>, not here.
/// Fed from the sessions' events (any thread). A peer counts once the RIB has applied what it sent before
/// its last End-of-RIB: <paramref name="postAfter"/> queues a marker behind that session's UPDATEs (on its
/// way to the RIB loop) and the marker, run by the loop, counts the peer. <paramref name="onConverged"/>
/// runs once, on the RIB loop.
/// </summary>
internal sealed class KernelConvergence(int peerCount, Func<PeerSession, Action, bool> postAfter, Action onConverged)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<PeerSession, HashSet<AfiSafi>> _waiting = [];
    private readonly HashSet<PeerSession> _done = [];
    private readonly HashSet<PeerSession> _applied = [];
    private bool _fired;

    public void Attach(PeerSession session)
    {
        session.Established += (_, negotiated) => OnEstablished(session, negotiated);
        session.UpdateReceived += (_, update) => OnUpdate(session, update);
    }

    /// <summary>Checks at start: with no peers configured there is nothing to wait for.</summary>
    public void CheckNow()
    {
        lock (_gate) Check();
    }

    private void OnEstablished(PeerSession session, NegotiatedSession negotiated)
    {
        lock (_gate)
        {
            if (_fired || _done.Contains(session)) return;
            _waiting[session] = [.. negotiated.Families];
            if (_waiting[session].Count == 0) Done(session);
        }
    }

    private void OnUpdate(PeerSession session, UpdateMessage update)
    {
        if (update.EndOfRib is not { } family) return;
        lock (_gate)
        {
            if (_fired || !_waiting.TryGetValue(session, out var families)) return;
            if (families.Remove(family) && families.Count == 0) Done(session);
        }
    }

    private void Done(PeerSession session)
    {
        if (!_done.Add(session)) return;
        if (!postAfter(session, () => Applied(session))) _done.Remove(session);
    }

    private void Applied(PeerSession session)
    {
        lock (_gate)
        {
            _applied.Add(session);
            Check();
        }
    }

    private void Check()
    {
        if (_fired || _applied.Count < peerCount) return;
        _fired = true;
        onConverged();
    }
}
