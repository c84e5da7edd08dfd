using Bgp.Protocol.Messages;

namespace Bgp.Protocol.Session;

/// <summary>
/// One method per state of RFC 4271 8.2.2, each a switch on the event in the order the RFC lists them.
/// "Ignored" events return without actions; every state ends in an explicit default.
/// </summary>
public sealed partial class BgpFsm
{
    private void Idle(in FsmInput input)
    {
        switch (input.Event)
        {
            case FsmEvent.ManualStart:
                Start(_config.PassiveTcpEstablishment, manual: true, resetCounter: true);
                break;
            case FsmEvent.ManualStart_with_PassiveTcpEstablishment:
                Start(passive: true, manual: true, resetCounter: true);
                break;
            case FsmEvent.AutomaticStart:
                Start(_config.PassiveTcpEstablishment, manual: false, resetCounter: true);
                break;
            case FsmEvent.AutomaticStart_with_PassiveTcpEstablishment:
                Start(passive: true, manual: false, resetCounter: true);
                break;
            case FsmEvent.AutomaticStart_with_DampPeerOscillations:
                Start(_config.PassiveTcpEstablishment, manual: false, resetCounter: false);
                break;
            case FsmEvent.AutomaticStart_with_DampPeerOscillations_and_PassiveTcpEstablishment:
                Start(passive: true, manual: false, resetCounter: false);
                break;
            case FsmEvent.IdleHoldTimer_Expires:
                // The hold is over: the automatic start that damping or the restart delay held back.
                Start(_passive, manual: false, resetCounter: false);
                break;
            case FsmEvent.Tcp_CR_Acked:
            case FsmEvent.TcpConnectionConfirmed:
                // "refuses all incoming BGP connections" (8.2.2 Idle): a connection the driver let through is closed.
                _out.Add(FsmAction.DropConnection);
                break;
            default:
                // ManualStop, AutomaticStop and everything else: ignored in Idle.
                break;
        }
    }

    private void Connect(in FsmInput input)
    {
        switch (input.Event)
        {
            case FsmEvent.ManualStart:
            case FsmEvent.AutomaticStart:
            case FsmEvent.ManualStart_with_PassiveTcpEstablishment:
            case FsmEvent.AutomaticStart_with_PassiveTcpEstablishment:
            case FsmEvent.AutomaticStart_with_DampPeerOscillations:
            case FsmEvent.AutomaticStart_with_DampPeerOscillations_and_PassiveTcpEstablishment:
            case FsmEvent.TcpConnection_Valid:
            case FsmEvent.Tcp_CR_Invalid:
                break;
            case FsmEvent.ManualStop:
                GoIdle(DownReason.Of(DownReasonKind.AdministrativeStop, input.Event), Counter.Zero);
                break;
            case FsmEvent.ConnectRetryTimer_Expires:
                // "drops the TCP connection, restarts the ConnectRetryTimer, stops the DelayOpenTimer,
                // initiates a TCP connection, stays in the Connect state"
                _out.Add(FsmAction.DropConnection);
                StartTimer(FsmTimer.ConnectRetry, ConnectRetryTime());
                StopTimer(FsmTimer.DelayOpen);
                _out.Add(FsmAction.Connect);
                break;
            case FsmEvent.DelayOpenTimer_Expires:
                Enter(SessionState.OpenSent);
                break;
            case FsmEvent.Tcp_CR_Acked:
            case FsmEvent.TcpConnectionConfirmed:
                if (_config.DelayOpen)
                {
                    StopTimer(FsmTimer.ConnectRetry);
                    StartTimer(FsmTimer.DelayOpen, _config.DelayOpenTime);
                }
                else
                {
                    Enter(SessionState.OpenSent);
                }
                break;
            case FsmEvent.TcpConnectionFails:
                if (IsTimerRunning(FsmTimer.DelayOpen))
                {
                    StartTimer(FsmTimer.ConnectRetry, ConnectRetryTime());
                    StopTimer(FsmTimer.DelayOpen);
                }
                // Deviation (see the class comment): wait in Active for ConnectRetryTimer, not in Idle.
                Enter(SessionState.Active);
                break;
            case FsmEvent.BGPOpen when IsTimerRunning(FsmTimer.DelayOpen):
                ReceiveOpen(input, openAlreadySent: false);
                break;
            case FsmEvent.BGPHeaderErr:
            case FsmEvent.BGPOpenMsgErr:
                FailBeforeOpen(input);
                break;
            case FsmEvent.NotifMsgVerErr:
                GoIdle(DownReason.Received(input.Event, input.Notification),
                    IsTimerRunning(FsmTimer.DelayOpen) ? Counter.Keep : Counter.Increment);
                break;
            default:
                // 8, 10-11, 13, 19, 23, 25-28: "any other event" -> Idle.
                GoIdle(ReasonForOther(input), Counter.Increment);
                break;
        }
    }

    private void Active(in FsmInput input)
    {
        switch (input.Event)
        {
            case FsmEvent.ManualStart:
            case FsmEvent.AutomaticStart:
            case FsmEvent.ManualStart_with_PassiveTcpEstablishment:
            case FsmEvent.AutomaticStart_with_PassiveTcpEstablishment:
            case FsmEvent.AutomaticStart_with_DampPeerOscillations:
            case FsmEvent.AutomaticStart_with_DampPeerOscillations_and_PassiveTcpEstablishment:
            case FsmEvent.TcpConnection_Valid:
            case FsmEvent.Tcp_CR_Invalid:
                break;
            case FsmEvent.ManualStop:
                GoIdle(DownReason.Of(DownReasonKind.AdministrativeStop, input.Event), Counter.Zero,
                    IsTimerRunning(FsmTimer.DelayOpen) && _config.SendNotificationWithoutOpen ? input.Notification ?? AdministrativeShutdown : null);
                break;
            case FsmEvent.ConnectRetryTimer_Expires:
                StartTimer(FsmTimer.ConnectRetry, ConnectRetryTime());
                _out.Add(FsmAction.Connect);
                Enter(SessionState.Connect);
                break;
            case FsmEvent.DelayOpenTimer_Expires:
                Enter(SessionState.OpenSent);
                break;
            case FsmEvent.Tcp_CR_Acked:
            case FsmEvent.TcpConnectionConfirmed:
                if (_config.DelayOpen)
                {
                    StopTimer(FsmTimer.ConnectRetry);
                    StartTimer(FsmTimer.DelayOpen, _config.DelayOpenTime);
                }
                else
                {
                    Enter(SessionState.OpenSent);
                }
                break;
            case FsmEvent.TcpConnectionFails:
                GoIdle(DownReason.Of(DownReasonKind.TcpConnectionFailed, input.Event), Counter.Increment);
                break;
            case FsmEvent.BGPOpen when IsTimerRunning(FsmTimer.DelayOpen):
                ReceiveOpen(input, openAlreadySent: false);
                break;
            case FsmEvent.BGPHeaderErr:
            case FsmEvent.BGPOpenMsgErr:
                FailBeforeOpen(input);
                break;
            case FsmEvent.NotifMsgVerErr:
                GoIdle(DownReason.Received(input.Event, input.Notification),
                    IsTimerRunning(FsmTimer.DelayOpen) ? Counter.Keep : Counter.Increment);
                break;
            default:
                // 8, 10-11, 13, 19, 23, 25-28: "any other event" -> Idle.
                GoIdle(ReasonForOther(input), Counter.Increment);
                break;
        }
    }

    private void OpenSent(in FsmInput input)
    {
        if (OpenSentOrLater(input)) return;
        switch (input.Event)
        {
            case FsmEvent.TcpConnectionFails:
                // "closes the BGP connection, restarts the ConnectRetryTimer, continues to listen, Active"
                _out.Add(FsmAction.DropConnection);
                StopTimer(FsmTimer.Hold);
                StartTimer(FsmTimer.ConnectRetry, ConnectRetryTime());
                Enter(SessionState.Active);
                break;
            case FsmEvent.BGPOpen:
                ReceiveOpen(input, openAlreadySent: true);
                break;
            case FsmEvent.BGPHeaderErr:
            case FsmEvent.BGPOpenMsgErr:
                SendError(input);
                break;
            case FsmEvent.OpenCollisionDump:
                DumpForCollision(input);
                break;
            case FsmEvent.NotifMsgVerErr:
                GoIdle(DownReason.Received(input.Event, input.Notification), Counter.Keep);
                break;
            case FsmEvent.NotifMsg:
                GoIdle(DownReason.Received(input.Event, input.Notification), Counter.Increment);
                break;
            default:
                // 9, 11-13, 20, 26-28 and ROUTE-REFRESH: RFC 6608 subcode 1.
                FsmError(input.Event, FsmErrorSubcode.UnexpectedMessageInOpenSent);
                break;
        }
    }

    /// <summary>
    /// The rows RFC 4271 8.2.2 gives OpenSent, OpenConfirm and Established alike: start events and a
    /// second connection (14-17, tracked by its own FSM; collisions are the driver's, 6.8) are ignored,
    /// stops send a Cease, hold timer expiry sends 4/0. Returns false for the events a state handles itself.
    /// </summary>
    private bool OpenSentOrLater(in FsmInput input)
    {
        switch (input.Event)
        {
            case FsmEvent.ManualStart:
            case FsmEvent.AutomaticStart:
            case FsmEvent.ManualStart_with_PassiveTcpEstablishment:
            case FsmEvent.AutomaticStart_with_PassiveTcpEstablishment:
            case FsmEvent.AutomaticStart_with_DampPeerOscillations:
            case FsmEvent.AutomaticStart_with_DampPeerOscillations_and_PassiveTcpEstablishment:
            case FsmEvent.TcpConnection_Valid:
            case FsmEvent.Tcp_CR_Invalid:
            case FsmEvent.Tcp_CR_Acked:
            case FsmEvent.TcpConnectionConfirmed:
                break;
            case FsmEvent.ManualStop:
                Stop(input, DownReasonKind.AdministrativeStop, Counter.Zero);
                break;
            case FsmEvent.AutomaticStop:
                Stop(input, DownReasonKind.AutomaticStop, Counter.Increment);
                break;
            case FsmEvent.HoldTimer_Expires:
                GoIdle(DownReason.Sent(input.Event, HoldTimerExpiredNotification, DownReasonKind.HoldTimerExpired),
                    Counter.Increment, HoldTimerExpiredNotification);
                break;
            default:
                return false;
        }
        return true;
    }

    /// <summary>
    /// The further rows OpenConfirm and Established share once keepalives run: send hold expiry ends the
    /// session (RFC 9687), the keepalive timer sends a KEEPALIVE.
    /// </summary>
    private bool OpenConfirmOrEstablished(in FsmInput input)
    {
        if (OpenSentOrLater(input)) return true;
        switch (input.Event)
        {
            case FsmEvent.SendHoldTimer_Expires:
                SendHoldExpired(input);
                break;
            case FsmEvent.KeepaliveTimer_Expires:
                _out.Add(FsmAction.SendKeepalive);
                StartTimer(FsmTimer.Keepalive, _keepaliveTime);
                break;
            default:
                return false;
        }
        return true;
    }

    private void OpenConfirm(in FsmInput input)
    {
        if (OpenConfirmOrEstablished(input)) return;
        switch (input.Event)
        {
            case FsmEvent.TcpConnectionFails:
                GoIdle(DownReason.Of(DownReasonKind.TcpConnectionFailed, input.Event), Counter.Increment);
                break;
            case FsmEvent.NotifMsgVerErr:
                GoIdle(DownReason.Received(input.Event, input.Notification), Counter.Keep);
                break;
            case FsmEvent.NotifMsg:
                GoIdle(DownReason.Received(input.Event, input.Notification), Counter.Increment);
                break;
            case FsmEvent.BGPHeaderErr:
            case FsmEvent.BGPOpenMsgErr:
                SendError(input);
                break;
            case FsmEvent.OpenCollisionDump:
                DumpForCollision(input);
                break;
            case FsmEvent.KeepAliveMsg:
                Enter(SessionState.Established);
                break;
            default:
                // 9, 12-13, 19-20, 27-28 and ROUTE-REFRESH (a second OPEN included, RFC 6608 3): subcode 2.
                FsmError(input.Event, FsmErrorSubcode.UnexpectedMessageInOpenConfirm);
                break;
        }
    }

    private void Established(in FsmInput input)
    {
        if (OpenConfirmOrEstablished(input)) return;
        switch (input.Event)
        {
            case FsmEvent.DampingResetTimer_Expires:
                // Stable long enough: the next fall waits the initial IdleHoldTime again.
                _idleHoldTime = _config.IdleHoldTime;
                break;
            case FsmEvent.TcpConnectionFails:
                GoIdle(DownReason.Of(DownReasonKind.TcpConnectionFailed, input.Event), Counter.Increment);
                break;
            case FsmEvent.NotifMsgVerErr:
            case FsmEvent.NotifMsg:
                GoIdle(DownReason.Received(input.Event, input.Notification), Counter.Increment);
                break;
            case FsmEvent.KeepAliveMsg:
                RestartHoldTimer();
                break;
            case FsmEvent.UpdateMsg:
                _out.Add(FsmAction.DeliverUpdate(input.Update ?? throw new ArgumentException("UpdateMsg without an UpdateMessage", nameof(input))));
                RestartHoldTimer();
                break;
            case FsmEvent.RouteRefreshMsg:
                // RFC 2918 4 / RFC 7313 5: a refresh for a family we did not negotiate is ignored.
                if (input.Message is RouteRefreshMessage rr && Negotiated is { } s
                    && (s.RouteRefresh || s.EnhancedRouteRefresh) && s.Supports(rr.Family))
                    _out.Add(FsmAction.DeliverRouteRefresh(rr));
                RestartHoldTimer();
                break;
            case FsmEvent.UpdateMsgErr when input.Error is { Action: not ErrorAction.SessionReset }:
                // Errors RFC 7606 lets the session survive never reset it (e.g. RFC 7313 5 unknown subtype: ignore).
                RestartHoldTimer();
                break;
            case FsmEvent.UpdateMsgErr:
            case FsmEvent.BGPHeaderErr:
                // RFC 4271 6.1 / 6.3 (RFC 7606): the error's own NOTIFICATION.
                SendError(input);
                break;
            case FsmEvent.OpenCollisionDump:
                DumpForCollision(input);
                break;
            default:
                // 9, 12-13, 19-20, 22: RFC 6608 subcode 3.
                FsmError(input.Event, FsmErrorSubcode.UnexpectedMessageInEstablished);
                break;
        }
    }

    /// <summary>ManualStop / AutomaticStop from OpenSent on: a Cease (with the operator's text) and Idle.</summary>
    private void Stop(in FsmInput input, DownReasonKind kind, Counter counter)
    {
        var n = input.Notification ?? (kind == DownReasonKind.AdministrativeStop ? AdministrativeShutdown : CeaseUnspecific);
        if (input.Graceful && State == SessionState.Established && Negotiated is { GracefulRestart: true } negotiated)
        {
            StopGracefully(input.Event, n, negotiated.NotificationSupport, counter);
            return;
        }
        GoIdle(DownReason.Sent(input.Event, n, kind), counter, n);
    }

    /// <summary>
    /// A planned restart of this speaker (<see cref="FsmInput.GracefulStop"/>) with graceful restart negotiated.
    /// With the N bit: RFC 8538 4 makes any NOTIFICATION but a Cease / Hard Reset keep our routes at the peer, and
    /// RFC 8538 5 leaves Administrative Reset to "user control": a graceful stop is that control, so the Cease /
    /// Administrative Reset (with the operator's text) goes out unwrapped. Without the N bit any NOTIFICATION
    /// makes the peer flush our routes (RFC 4724 4.2 retains them only when the TCP session terminates), so
    /// the connection is dropped without one, as a restart of the process would.
    /// </summary>
    private void StopGracefully(FsmEvent ev, NotificationMessage stop, bool notificationSupport, Counter counter)
    {
        if (!notificationSupport)
        {
            GoIdle(DownReason.Of(DownReasonKind.AdministrativeStop, ev), counter);
            return;
        }
        var n = new NotificationMessage(NotificationCode.Cease, (byte)CeaseSubcode.AdministrativeReset, stop.Data.AsSpan());
        GoIdle(DownReason.Sent(ev, n, DownReasonKind.AdministrativeStop), counter, n, hardReset: false);
    }

    /// <summary>A header or OPEN error before our OPEN went out (Connect/Active with DelayOpen): 8.2.2 event 21-22.</summary>
    private void FailBeforeOpen(in FsmInput input)
    {
        var n = input.Error?.ToNotification();
        var reason = n is null
            ? DownReason.Of(DownReasonKind.UnexpectedEvent, input.Event)
            : new DownReason(DownReasonKind.NotificationSent, input.Event, n.Code, n.Subcode, input.Error!.Reason);
        GoIdle(reason, Counter.Increment, _config.SendNotificationWithoutOpen ? n : null);
    }

    /// <summary>A decoder error once our OPEN is out: send its NOTIFICATION and go Idle (RFC 4271 6).</summary>
    private void SendError(in FsmInput input)
    {
        var error = input.Error ?? throw new ArgumentException($"{input.Event} without a BgpError", nameof(input));
        var n = error.ToNotification();
        GoIdle(new DownReason(DownReasonKind.NotificationSent, input.Event, n.Code, n.Subcode, error.Reason), Counter.Increment, n);
    }

    private void DumpForCollision(in FsmInput input) =>
        GoIdle(DownReason.Sent(input.Event, CollisionNotification, DownReasonKind.CollisionResolution), Counter.Increment, CollisionNotification);

    /// <summary>RFC 9687 4: NOTIFICATION 8/0 (the driver may fail to send it: the peer is not reading) and Idle.</summary>
    private void SendHoldExpired(in FsmInput input) =>
        GoIdle(DownReason.Sent(input.Event, SendHoldTimerExpiredNotification, DownReasonKind.SendHoldTimerExpired),
            Counter.Increment, SendHoldTimerExpiredNotification);

    private static DownReason ReasonForOther(in FsmInput input) => input.Event switch
    {
        FsmEvent.NotifMsg => DownReason.Received(input.Event, input.Notification),
        FsmEvent.AutomaticStop => DownReason.Of(DownReasonKind.AutomaticStop, input.Event),
        FsmEvent.HoldTimer_Expires => DownReason.Of(DownReasonKind.HoldTimerExpired, input.Event),
        FsmEvent.OpenCollisionDump => DownReason.Of(DownReasonKind.CollisionResolution, input.Event),
        _ => DownReason.Of(DownReasonKind.UnexpectedEvent, input.Event),
    };
}
