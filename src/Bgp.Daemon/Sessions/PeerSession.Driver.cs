using Bgp.Protocol.Messages;
using Bgp.Protocol.Session;

namespace Bgp.Daemon.Sessions;

/// <summary>Feeding the FSM and carrying out its actions, in the order it returns them.</summary>
public sealed partial class PeerSession
{
    private FsmSlot NewSlot() => new(new BgpFsm(Config, _random), _time, this);

    /// <summary>Handles one input on a slot, then any inputs that arrived while it ran. Caller holds the lock.</summary>
    private void Dispatch(FsmSlot slot, FsmInput input)
    {
        if (_dispatching)
        {
            _deferred.Enqueue((slot, input));
            return;
        }
        _dispatching = true;
        try
        {
            Run(slot, input);
            while (_deferred.TryDequeue(out var next)) Run(next.Slot, next.Input);
        }
        finally
        {
            _dispatching = false;
        }
    }

    private void Run(FsmSlot slot, in FsmInput input)
    {
        if (slot.Retired) return;
        var before = slot.Fsm.State;
        _actions.Clear();
        slot.Fsm.Handle(input, _actions);
        for (int i = 0; i < _actions.Count; i++) Execute(slot, _actions[i]);
        if (before != SessionState.Idle && slot.Fsm.State == SessionState.Idle) Retire(slot);
        // A second FSM whose connection closed in OpenSent or later: 8.2.2 sends it to Active to listen, but the
        // primary does the listening; left there it would refuse the peer's next connection (Attach) for good.
        else if (slot == _secondary && before >= SessionState.OpenSent && !slot.IsAlive) Retire(slot);
        UpdateState();
        SettleHold();
    }

    private void Execute(FsmSlot slot, in FsmAction action)
    {
        switch (action.Kind)
        {
            case FsmActionKind.Connect:
                // Only the primary dials; a second FSM is created around a connection that already exists.
                if (slot == _primary && _running && slot.Connection is null) BeginConnect(slot);
                break;
            case FsmActionKind.DropConnection:
                if (_connect?.Slot == slot) CancelConnect();
                if (slot.Connection is { } c)
                {
                    slot.Connection = null;
                    if (_established?.Connection == c) _established = null;
                    c.Close();
                }
                break;
            case FsmActionKind.SendOpen:
            case FsmActionKind.SendNotification:
                slot.Connection?.SendControl(action.Message!);
                break;
            case FsmActionKind.SendKeepalive:
                slot.Connection?.SendControl(KeepaliveMessage.Instance);
                break;
            case FsmActionKind.StartTimer:
                slot.Timer(action.Timer).Start(action.Duration);
                break;
            case FsmActionKind.StopTimer:
                slot.Timer(action.Timer).Stop();
                break;
            case FsmActionKind.DeliverUpdate:
                UpdateReceived?.Invoke(this, action.Update!);
                break;
            case FsmActionKind.DeliverRouteRefresh:
                RouteRefreshReceived?.Invoke(this, (RouteRefreshMessage)action.Message!);
                break;
            case FsmActionKind.SessionEstablished:
                var session = action.Session!;
                // This Established's number: sends made for it go to this connection only (ConnectionEpoch).
                long epoch = Interlocked.Increment(ref _establishedTransitions);
                // From here on the peer may send what was negotiated (4-octet AS, extended messages, ADD-PATH).
                if (slot.Connection is { } conn)
                {
                    conn.CodecOptions = session.CodecOptions;
                    _established = new EstablishedConnection(conn, epoch, session);
                }
                _negotiated = session;
                Established?.Invoke(this, session);
                break;
            case FsmActionKind.SessionDown:
                _negotiated = null;
                _established = null;
                LastDownReason = action.Reason;
                Down?.Invoke(this, action.Reason!);
                break;
            case FsmActionKind.StateChanged:
                // The peer's state is the aggregate of its slots: see UpdateState.
                break;
        }
    }

    /// <summary>A slot fell to Idle: a loser of a collision goes away; the last one stays to restart itself.</summary>
    private void Retire(FsmSlot slot)
    {
        if (slot == _secondary)
        {
            slot.Dispose();
            _secondary = null;
            return;
        }
        if (slot == _primary && _secondary is { IsAlive: true } survivor)
        {
            // The other connection won (or the primary failed while the other negotiates): it carries on as the peer's FSM.
            slot.Dispose();
            _primary = survivor;
            _secondary = null;
            return;
        }
        if (slot.Fsm.LastDownReason is { } reason) LastDownReason = reason;
    }

    /// <summary>Recomputes the peer's state from its slots and tells the listeners when it changed.</summary>
    private void UpdateState()
    {
        var state = _established is not null ? SessionState.Established : SessionState.Idle;
        if (state != SessionState.Established)
        {
            if (_primary is { Retired: false } p && p.Fsm.State > state) state = p.Fsm.State;
            if (_secondary is { Retired: false } s && s.Fsm.State > state) state = s.Fsm.State;
            if (_primary is { Retired: true } && _secondary is null) state = _primary.Fsm.State;
        }
        if (state == _state) return;
        var from = _state;
        _state = state;
        _stateSince = _time.GetUtcNow();
        var changed = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        changed.TrySetResult();
        StateChanged?.Invoke(this, new PeerStateChange(from, state, state == SessionState.Idle ? LastDownReason : null));
    }

    /// <summary>A timer callback (pool thread).</summary>
    internal void OnTimer(SlotTimer timer)
    {
        lock (_gate)
        {
            if (timer.Slot.Retired || !timer.TryExpire()) return;
            Dispatch(timer.Slot, FsmInput.TimerExpired(timer.Which));
        }
    }

    /// <summary>Keeps a task to await at stop; drops the finished ones. Caller holds the lock.</summary>
    private void Track(Task task)
    {
        _background.RemoveAll(static t => t.IsCompleted);
        _background.Add(task);
    }
}
