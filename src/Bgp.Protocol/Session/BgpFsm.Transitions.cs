using Bgp.Protocol.Messages;

namespace Bgp.Protocol.Session;

/// <summary>Entry actions of each state, in one place, and the timer bookkeeping.</summary>
public sealed partial class BgpFsm
{
    /// <summary>How a transition to Idle changes ConnectRetryCounter (RFC 4271 8.2.2 spells it out per event).</summary>
    private enum Counter : byte { Keep, Increment, Zero }

    /// <summary>
    /// Into Idle: "sends the NOTIFICATION (when there is one), sets the ConnectRetryTimer to zero, releases
    /// all BGP resources, drops the TCP connection, increments the ConnectRetryCounter, performs peer
    /// oscillation damping" (RFC 4271 8.2.2, repeated for almost every event of every state).
    /// <para>
    /// RFC 8538 3, 5: with the N bit negotiated, a Cease that means "forget my routes" (<see cref="HardReset.Applies"/>)
    /// goes out inside a Cease / Hard Reset, so the peer flushes instead of keeping them as stale; the down reason
    /// keeps naming the inner Cease and is marked <see cref="DownReason.HardReset"/>.
    /// </para>
    /// <paramref name="hardReset"/> false: a graceful stop's Cease, which must reach the peer as it is.
    /// </summary>
    private void GoIdle(DownReason reason, Counter counter, NotificationMessage? notification = null, bool hardReset = true)
    {
        if (notification is not null)
        {
            if (hardReset && Negotiated is { NotificationSupport: true } && HardReset.Applies(notification))
            {
                notification = HardReset.Wrap(notification);
                reason = reason with { HardReset = true };
            }
            _out.Add(FsmAction.SendNotification(notification));
        }
        ConnectRetryCounter = counter switch
        {
            Counter.Increment => ConnectRetryCounter + 1,
            Counter.Zero => 0,
            _ => ConnectRetryCounter,
        };
        Enter(SessionState.Idle, reason);
    }

    /// <summary>An unexpected event in OpenSent, OpenConfirm or Established: the RFC 6608 FSM Error.</summary>
    private void FsmError(FsmEvent ev, FsmErrorSubcode subcode)
    {
        var n = subcode switch
        {
            FsmErrorSubcode.UnexpectedMessageInOpenSent => FsmErrorOpenSent,
            FsmErrorSubcode.UnexpectedMessageInOpenConfirm => FsmErrorOpenConfirm,
            _ => FsmErrorEstablished,
        };
        GoIdle(DownReason.Sent(ev, n), Counter.Increment, n);
    }

    private static readonly NotificationMessage FsmErrorOpenSent =
        new(NotificationCode.FiniteStateMachineError, (byte)FsmErrorSubcode.UnexpectedMessageInOpenSent, []);
    private static readonly NotificationMessage FsmErrorOpenConfirm =
        new(NotificationCode.FiniteStateMachineError, (byte)FsmErrorSubcode.UnexpectedMessageInOpenConfirm, []);
    private static readonly NotificationMessage FsmErrorEstablished =
        new(NotificationCode.FiniteStateMachineError, (byte)FsmErrorSubcode.UnexpectedMessageInEstablished, []);

    /// <summary>
    /// Changes state and runs the entry actions of the new state. <paramref name="openAlreadySent"/>
    /// matters only for OpenConfirm, which is entered either from OpenSent (OPEN sent before) or straight
    /// from Connect/Active when the peer's OPEN arrived while DelayOpenTimer ran (event 20).
    /// </summary>
    private void Enter(SessionState next, DownReason? reason = null, bool openAlreadySent = true)
    {
        var previous = State;
        switch (next)
        {
            case SessionState.Idle:
                // Release everything: every timer but IdleHold, the connection, the session.
                for (var t = FsmTimer.ConnectRetry; t <= FsmTimer.DampingReset; t++)
                    if (t != FsmTimer.IdleHold) StopTimer(t);
                _out.Add(FsmAction.DropConnection);
                if (previous == SessionState.Established && reason is not null) _out.Add(FsmAction.SessionDown(reason));
                Negotiated = null;
                LastDownReason = reason;
                break;

            case SessionState.OpenSent:
                // "stops the ConnectRetryTimer ..., sends an OPEN message, sets the HoldTimer to a large value" (8.2.2).
                StopTimer(FsmTimer.ConnectRetry);
                StopTimer(FsmTimer.DelayOpen);
                _out.Add(FsmAction.SendOpen(LocalOpen));
                StartTimer(FsmTimer.Hold, _config.LargeHoldTime);
                break;

            case SessionState.OpenConfirm:
                // "sends a KEEPALIVE message, sets a KeepaliveTimer, sets the HoldTimer according to the
                // negotiated value"; a hold time of 0 means neither timer runs (8.2.2, 4.4).
                StopTimer(FsmTimer.ConnectRetry);
                StopTimer(FsmTimer.DelayOpen);
                if (!openAlreadySent) _out.Add(FsmAction.SendOpen(LocalOpen));
                _out.Add(FsmAction.SendKeepalive);
                if (_holdTime > TimeSpan.Zero)
                {
                    StartTimer(FsmTimer.Keepalive, _keepaliveTime);
                    StartTimer(FsmTimer.Hold, _holdTime);
                    if (SendHoldTime() is { } sendHold) StartTimer(FsmTimer.SendHold, sendHold);
                }
                else
                {
                    StopTimer(FsmTimer.Keepalive);
                    StopTimer(FsmTimer.Hold);
                }
                break;

            case SessionState.Established:
                // "restarts the HoldTimer" for the KEEPALIVE that got us here; the RIB may now send.
                RestartHoldTimer();
                if (_config.DampPeerOscillations) StartTimer(FsmTimer.DampingReset, _config.DampingStablePeriod);
                break;
        }
        State = next;
        _out.Add(FsmAction.StateChanged(previous, next, next == SessionState.Idle ? reason : null));
        if (next == SessionState.Established) _out.Add(FsmAction.SessionEstablished(Negotiated!));

        // Automatic restart / peer oscillation damping (8.1.1): a fall that no operator asked for holds
        // the peer in Idle for IdleHoldTime, doubled on every further fall until the session is stable.
        if (next == SessionState.Idle && _config.AllowAutomaticStart && reason is not null
            && reason.Kind is not (DownReasonKind.AdministrativeStop or DownReasonKind.AutomaticStop))
        {
            StartTimer(FsmTimer.IdleHold, _idleHoldTime);
            if (_config.DampPeerOscillations)
            {
                var doubled = _idleHoldTime + _idleHoldTime;
                _idleHoldTime = doubled > _config.MaxIdleHoldTime ? _config.MaxIdleHoldTime : doubled;
            }
        }
    }

    /// <summary>Starts an automatic or manual start from Idle (8.2.2 Idle state, events 1 and 3-7).</summary>
    private void Start(bool passive, bool manual, bool resetCounter)
    {
        if (manual)
        {
            // An operator's start overrides damping: stop holding and forget the back-off.
            StopTimer(FsmTimer.IdleHold);
            _idleHoldTime = _config.IdleHoldTime;
        }
        else if (IsTimerRunning(FsmTimer.IdleHold))
        {
            return; // held in Idle by damping; the IdleHoldTimer expiry starts the peer
        }
        _passive = passive;
        if (resetCounter) ConnectRetryCounter = 0;
        StartTimer(FsmTimer.ConnectRetry, ConnectRetryTime());
        if (passive)
        {
            Enter(SessionState.Active);
        }
        else
        {
            _out.Add(FsmAction.Connect);
            Enter(SessionState.Connect);
        }
    }

    /// <summary>Accepts or refuses the peer's OPEN; on acceptance the session is negotiated and OpenConfirm entered.</summary>
    private void ReceiveOpen(in FsmInput input, bool openAlreadySent)
    {
        var open = input.Open ?? throw new ArgumentException("BGPOpen without an OpenMessage", nameof(input));
        var error = OpenChecks.Check(_config, open);
        if (error is not null)
        {
            var n = error.ToNotification();
            // Before our OPEN went out, a NOTIFICATION is sent only with SendNOTIFICATIONwithoutOPEN (8.2.2 Connect, event 22).
            bool send = openAlreadySent || _config.SendNotificationWithoutOpen;
            GoIdle(new DownReason(DownReasonKind.NotificationSent, FsmEvent.BGPOpenMsgErr, n.Code, n.Subcode, error.Reason),
                Counter.Increment, send ? n : null);
            return;
        }
        var session = CapabilityNegotiation.Negotiate(_config, LocalOpen, open);
        Negotiated = session;
        _holdTime = TimeSpan.FromSeconds(session.HoldTime);
        _keepaliveTime = TimeSpan.FromSeconds(session.KeepaliveTime);
        Enter(SessionState.OpenConfirm, openAlreadySent: openAlreadySent);
    }

    private void RestartHoldTimer()
    {
        if (_holdTime > TimeSpan.Zero) StartTimer(FsmTimer.Hold, _holdTime);
    }

    /// <summary>RFC 4271 10: ConnectRetryTime jittered to a random 0.75-1.0 of itself, so peers do not retry in lockstep.</summary>
    private TimeSpan ConnectRetryTime() => _config.ConnectRetryTime * (0.75 + 0.25 * _random.NextDouble());

    /// <summary>RFC 9687 3: the send hold time is at least 8 minutes or twice the hold time, whichever is larger.</summary>
    private TimeSpan? SendHoldTime()
    {
        if (_config.SendHoldTime is { } configured) return configured > TimeSpan.Zero ? configured : null;
        var twice = _holdTime + _holdTime;
        var eight = TimeSpan.FromMinutes(8);
        return twice > eight ? twice : eight;
    }

    private void StartTimer(FsmTimer timer, TimeSpan duration)
    {
        _runningTimers |= 1u << (int)timer;
        _out.Add(FsmAction.StartTimer(timer, duration));
    }

    private void StopTimer(FsmTimer timer)
    {
        if (!IsTimerRunning(timer)) return;
        _runningTimers &= ~(1u << (int)timer);
        _out.Add(FsmAction.StopTimer(timer));
    }
}
