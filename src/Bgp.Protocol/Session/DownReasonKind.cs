namespace Bgp.Protocol.Session;

/// <summary>Why a session went to Idle.</summary>
public enum DownReasonKind : byte
{
    /// <summary>ManualStop (event 2): an operator stopped the peer.</summary>
    AdministrativeStop = 0,
    /// <summary>AutomaticStop (event 8): the system stopped the peer (e.g. prefix limit).</summary>
    AutomaticStop = 1,
    HoldTimerExpired = 2,
    /// <summary>RFC 9687: the peer did not read our messages for the send hold time.</summary>
    SendHoldTimerExpired = 3,
    /// <summary>The peer sent a NOTIFICATION.</summary>
    NotificationReceived = 4,
    /// <summary>We sent a NOTIFICATION for an error in the peer's input (header, OPEN, UPDATE, FSM).</summary>
    NotificationSent = 5,
    TcpConnectionFailed = 6,
    /// <summary>RFC 4271 6.8: this connection lost a connection collision.</summary>
    CollisionResolution = 7,
    /// <summary>An event the state does not expect before any OPEN was exchanged (RFC 4271 8.2.2 "any other event").</summary>
    UnexpectedEvent = 8,
}
