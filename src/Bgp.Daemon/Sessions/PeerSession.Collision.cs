using Bgp.Protocol.Capabilities;
using Bgp.Protocol.Codec;
using Bgp.Protocol.Messages;
using Bgp.Protocol.Session;

namespace Bgp.Daemon.Sessions;

/// <summary>
/// Connection collisions (RFC 4271 6.8): which of the peer's two connections to dump, or, when the peer may be
/// the only one to know (<see cref="CollisionDetection.AwaitsPeerChoice"/>), holding the new connection's OPEN
/// until the peer dumps one of the two, and keeping the other.
/// </summary>
public sealed partial class PeerSession
{
    /// <summary>How long a held connection waits for the peer's choice before 6.8's own rules decide.</summary>
    internal static readonly TimeSpan CollisionChoiceWait = TimeSpan.FromSeconds(2);

    /// <summary>Messages a held connection may bring in the wait before 6.8 decides at once.</summary>
    internal const int MaxHeldMessages = 16;

    // The new connection whose OPEN, and whatever followed it, waits for the peer's choice; null when none does.
    private readonly List<BgpMessage> _heldMessages = [];
    private FsmSlot? _held;
    private ITimer? _choiceTimer;
    private long _heldSince;

    /// <summary>
    /// RFC 4271 6.8, when <paramref name="slot"/> receives the peer's OPEN while the other slot holds a
    /// connection: false when this connection is dumped, or held for the peer's choice.
    /// </summary>
    private bool ResolveCollision(FsmSlot slot, ConnectionDirection direction, OpenMessage open)
    {
        var other = slot == _primary ? _secondary : _primary;
        if (other is null || other.Retired || other.Connection is null) return true;
        if (PeerRestarted(other, open))
        {
            // RFC 4724 4.2: the old session ends as a TCP failure would (the peer's routes kept as stale); the
            // new connection carries on, no collision.
            Dispatch(other, FsmInput.TcpConnectionFails);
            return true;
        }
        if (CollisionDetection.AwaitsPeerChoice(other.Fsm.State, direction, Config.LocalBgpId, Config.LocalAs,
                open.BgpIdentifier, open.Asn))
        {
            Interlocked.Increment(ref _collisions);
            _held = slot;
            _heldMessages.Add(open);
            _heldSince = _time.GetTimestamp();
            _choiceTimer ??= _time.CreateTimer(static s => ((PeerSession)s!).OnChoiceTimeout(), this,
                Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _choiceTimer.Change(CollisionChoiceWait, Timeout.InfiniteTimeSpan);
            return false;
        }
        var outcome = CollisionDetection.Decide(other.Fsm.State, direction, Config.LocalBgpId, Config.LocalAs,
            open.BgpIdentifier, open.Asn, Config.CollisionDetectEstablishedState);
        switch (outcome)
        {
            case CollisionOutcome.CloseExisting:
                Interlocked.Increment(ref _collisions);
                Dispatch(other, FsmInput.OpenCollisionDump);
                return true;
            case CollisionOutcome.CloseNew:
                Interlocked.Increment(ref _collisions);
                Dispatch(slot, FsmInput.OpenCollisionDump);
                return false;
            default:
                return true;
        }
    }

    /// <summary>
    /// True when the peer's OPEN on a new connection says it has restarted (Graceful Restart capability with the
    /// Restart State bit, RFC 4724 3) while our session with it, graceful restart negotiated, is still Established:
    /// the peer lost that session without our noticing (its host went away with the TCP state, so no FIN or RST
    /// came), and the old connection is dead. Deciding it as a collision would keep the dead session (6.8: an
    /// Established connection wins) and turn the restarted peer away until our hold timer noticed.
    /// </summary>
    private bool PeerRestarted(FsmSlot existing, OpenMessage open) =>
        existing.Fsm.State == SessionState.Established
        && _negotiated is { GracefulRestart: true }
        && open.Find<GracefulRestartCapability>() is { RestartState: true };

    /// <summary>
    /// A message on the held connection: kept to be handled after the OPEN, unless it ends the connection (a
    /// NOTIFICATION, the peer's choice; or one we cannot decode), which goes to the FSM. True when kept.
    /// </summary>
    private bool Hold(in DecodeResult result)
    {
        if (result.Success && result.Message is not NotificationMessage)
        {
            _heldMessages.Add(result.Message);
            // A peer deciding in good faith sends its OPEN and a KEEPALIVE or two in the wait; one that keeps
            // sending gets 6.8's answer now rather than a growing list.
            if (_heldMessages.Count >= MaxHeldMessages) DecideHeld(_held!);
            return true;
        }
        EndHold();
        return false;
    }

    /// <summary>
    /// After every FSM input: the wait ends once one of the two connections is gone. The held one gone (the
    /// peer dumped it): the existing one carries on. The existing one gone: the held one carries on from its OPEN.
    /// </summary>
    private void SettleHold()
    {
        if (_held is not { } held) return;
        // Closed without a NOTIFICATION, the held connection leaves its FSM in Active (8.2.2 OpenSent), not Idle:
        // gone all the same, and nothing must be released to it.
        if (held.Retired || held.Fsm.State == SessionState.Idle || held.Connection is null)
        {
            EndHold();
            return;
        }
        var other = held == _primary ? _secondary : _primary;
        if (other is { Retired: false } && other.Fsm.State != SessionState.Idle) return;
        var messages = _heldMessages.ToArray();
        EndHold();
        foreach (var message in messages) Dispatch(held, FsmInput.Received(message));
    }

    /// <summary>The peer did not choose in time (a timer thread): 6.8 decides. Established stays, OpenConfirm goes.</summary>
    private void OnChoiceTimeout()
    {
        lock (_gate)
        {
            if (_held is not { } held) return;
            var elapsed = _time.GetElapsedTime(_heldSince);
            if (elapsed < CollisionChoiceWait)
            {
                // A stale callback from an earlier hold, or an early one: timers run on a coarser clock than the
                // timestamps (up to a tick early), so wait out the rest rather than leave the hold to the hold timer.
                _choiceTimer?.Change(CollisionChoiceWait - elapsed, Timeout.InfiniteTimeSpan);
                return;
            }
            DecideHeld(held);
        }
    }

    /// <summary>
    /// 6.8 decides the held collision itself: an Established connection stays (unless
    /// CollisionDetectEstablishedState lets the identifiers decide there too, as they do in OpenConfirm, where the
    /// held connection, the peer's, wins). Caller holds the lock.
    /// </summary>
    private void DecideHeld(FsmSlot held)
    {
        var other = held == _primary ? _secondary : _primary;
        if (other is { Retired: false, Fsm.State: SessionState.Established } && !Config.CollisionDetectEstablishedState)
        {
            EndHold();
            Dispatch(held, FsmInput.OpenCollisionDump);
        }
        else if (other is { Retired: false, Fsm.State: not SessionState.Idle })
        {
            // Its end to Idle releases the held connection (SettleHold).
            Dispatch(other, FsmInput.OpenCollisionDump);
        }
        else
        {
            SettleHold();
        }
    }

    private void EndHold()
    {
        _held = null;
        _heldMessages.Clear();
        _choiceTimer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }
}
