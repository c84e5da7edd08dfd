using Bgp.Protocol.Messages;

namespace Bgp.Protocol.Session;

/// <summary>
/// One input to <see cref="BgpFsm"/>: an RFC 4271 8.1 event with what it carries (the decoded message,
/// the decoder's error, or for the stop events the NOTIFICATION to send). A struct, so feeding the
/// FSM a KEEPALIVE or an UPDATE allocates nothing.
/// </summary>
public readonly record struct FsmInput(FsmEvent Event, BgpMessage? Message = null, BgpError? Error = null)
{
    public static FsmInput ManualStart { get; } = new(FsmEvent.ManualStart);
    public static FsmInput AutomaticStart { get; } = new(FsmEvent.AutomaticStart);
    public static FsmInput ManualStartPassive { get; } = new(FsmEvent.ManualStart_with_PassiveTcpEstablishment);
    public static FsmInput AutomaticStartPassive { get; } = new(FsmEvent.AutomaticStart_with_PassiveTcpEstablishment);
    public static FsmInput TcpConnectionValid { get; } = new(FsmEvent.TcpConnection_Valid);
    public static FsmInput TcpCrInvalid { get; } = new(FsmEvent.Tcp_CR_Invalid);
    /// <summary>Our outgoing connection completed (event 16).</summary>
    public static FsmInput TcpCrAcked { get; } = new(FsmEvent.Tcp_CR_Acked);
    /// <summary>The peer's incoming connection was accepted (event 17).</summary>
    public static FsmInput TcpConnectionConfirmed { get; } = new(FsmEvent.TcpConnectionConfirmed);
    public static FsmInput TcpConnectionFails { get; } = new(FsmEvent.TcpConnectionFails);
    public static FsmInput OpenCollisionDump { get; } = new(FsmEvent.OpenCollisionDump);
    public static FsmInput Keepalive { get; } = new(FsmEvent.KeepAliveMsg, KeepaliveMessage.Instance);

    /// <summary>ManualStop (event 2); the text goes out as the RFC 9003 shutdown communication of a Cease/2.</summary>
    public static FsmInput ManualStop(string? shutdownCommunication = null) =>
        new(FsmEvent.ManualStop, NotificationMessage.Cease(CeaseSubcode.AdministrativeShutdown, shutdownCommunication));

    /// <summary>
    /// ManualStop (event 2) for a planned restart of this speaker: in Established with graceful restart
    /// negotiated the FSM ends the session so the peer keeps our routes as stale (see <see cref="Graceful"/>);
    /// otherwise it is <see cref="ManualStop"/>'s Cease / Administrative Shutdown with the text.
    /// </summary>
    public static FsmInput GracefulStop(string? shutdownCommunication = null) => ManualStop(shutdownCommunication) with { Graceful = true };

    /// <summary>A <see cref="GracefulStop"/>: the FSM keeps the peer's copy of our routes where the session allows it.</summary>
    public bool Graceful { get; init; }

    /// <summary>AutomaticStop (event 8), e.g. Cease/1 when a prefix limit is reached.</summary>
    public static FsmInput AutomaticStop(CeaseSubcode subcode = CeaseSubcode.Unspecific, string? text = null) =>
        new(FsmEvent.AutomaticStop, NotificationMessage.Cease(subcode, text));

    /// <summary>The expiry event of a timer.</summary>
    public static FsmInput TimerExpired(FsmTimer timer) => new(timer switch
    {
        FsmTimer.ConnectRetry => FsmEvent.ConnectRetryTimer_Expires,
        FsmTimer.Hold => FsmEvent.HoldTimer_Expires,
        FsmTimer.Keepalive => FsmEvent.KeepaliveTimer_Expires,
        FsmTimer.DelayOpen => FsmEvent.DelayOpenTimer_Expires,
        FsmTimer.IdleHold => FsmEvent.IdleHoldTimer_Expires,
        FsmTimer.SendHold => FsmEvent.SendHoldTimer_Expires,
        FsmTimer.DampingReset => FsmEvent.DampingResetTimer_Expires,
        _ => throw new ArgumentOutOfRangeException(nameof(timer)),
    });

    /// <summary>
    /// A message decoded without error. A NOTIFICATION with OPEN Message Error / Unsupported Version
    /// Number is event 24 (NotifMsgVerErr), any other is event 25.
    /// </summary>
    public static FsmInput Received(BgpMessage message) => message switch
    {
        OpenMessage => new(FsmEvent.BGPOpen, message),
        KeepaliveMessage => new(FsmEvent.KeepAliveMsg, message),
        UpdateMessage => new(FsmEvent.UpdateMsg, message),
        RouteRefreshMessage => new(FsmEvent.RouteRefreshMsg, message),
        NotificationMessage { Code: NotificationCode.OpenMessageError, Subcode: (byte)OpenMessageErrorSubcode.UnsupportedVersionNumber }
            => new(FsmEvent.NotifMsgVerErr, message),
        NotificationMessage => new(FsmEvent.NotifMsg, message),
        _ => throw new ArgumentException($"no FSM event for {message.Type}", nameof(message)),
    };

    /// <summary>
    /// A decoder error: Message Header Error is event 21, OPEN Message Error event 22, UPDATE Message
    /// Error event 28. Other codes (a ROUTE-REFRESH of the wrong length, 7/1) are sent as they are,
    /// through event 28's path, which resets the session with that NOTIFICATION in Established.
    /// </summary>
    public static FsmInput DecodeFailed(BgpError error) => new(error.Code switch
    {
        NotificationCode.MessageHeaderError => FsmEvent.BGPHeaderErr,
        NotificationCode.OpenMessageError => FsmEvent.BGPOpenMsgErr,
        _ => FsmEvent.UpdateMsgErr,
    }, null, error);

    public OpenMessage? Open => Message as OpenMessage;
    public NotificationMessage? Notification => Message as NotificationMessage;
    public UpdateMessage? Update => Message as UpdateMessage;

    public override string ToString() => Error is null ? Event.ToString() : $"{Event}({Error.Code}/{Error.Subcode})";
}
