namespace Bgp.Protocol.Session;

/// <summary>
/// FSM events, numbered as in RFC 4271 8.1 (administrative 1-8, timers 9-13, TCP 14-18, messages
/// 19-28), plus SendHoldTimer_Expires of RFC 9687 and ROUTE-REFRESH (RFC 2918), which RFC 4271 does
/// not number. Event 20 (BGPOpen with DelayOpenTimer running) is not an input: the FSM knows whether
/// its DelayOpenTimer runs and tells the two cases apart itself.
/// </summary>
public enum FsmEvent : byte
{
    ManualStart = 1,
    ManualStop = 2,
    AutomaticStart = 3,
    ManualStart_with_PassiveTcpEstablishment = 4,
    AutomaticStart_with_PassiveTcpEstablishment = 5,
    AutomaticStart_with_DampPeerOscillations = 6,
    AutomaticStart_with_DampPeerOscillations_and_PassiveTcpEstablishment = 7,
    AutomaticStop = 8,
    ConnectRetryTimer_Expires = 9,
    HoldTimer_Expires = 10,
    KeepaliveTimer_Expires = 11,
    DelayOpenTimer_Expires = 12,
    IdleHoldTimer_Expires = 13,
    TcpConnection_Valid = 14,
    Tcp_CR_Invalid = 15,
    Tcp_CR_Acked = 16,
    TcpConnectionConfirmed = 17,
    TcpConnectionFails = 18,
    BGPOpen = 19,
    BGPHeaderErr = 21,
    BGPOpenMsgErr = 22,
    OpenCollisionDump = 23,
    NotifMsgVerErr = 24,
    NotifMsg = 25,
    KeepAliveMsg = 26,
    UpdateMsg = 27,
    UpdateMsgErr = 28,
    /// <summary>RFC 9687 4: the SendHoldTimer expired (the peer has not read what we sent for too long).</summary>
    SendHoldTimer_Expires = 29,
    /// <summary>A ROUTE-REFRESH message (RFC 2918, RFC 7313); not numbered by RFC 4271.</summary>
    RouteRefreshMsg = 30,
    /// <summary>
    /// Expiry of the damping stable-period timer: the session stayed Established long enough for the
    /// IdleHold back-off to fall back to its initial value (RFC 4271 8.1.1 leaves the method open).
    /// </summary>
    DampingResetTimer_Expires = 31,
}
