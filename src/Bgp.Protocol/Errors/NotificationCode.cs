namespace Bgp.Protocol;

/// <summary>NOTIFICATION error codes (RFC 4271 4.5, RFC 6608, RFC 4486, RFC 7313, RFC 9687).</summary>
public enum NotificationCode : byte
{
    MessageHeaderError = 1,
    OpenMessageError = 2,
    UpdateMessageError = 3,
    HoldTimerExpired = 4,
    FiniteStateMachineError = 5,
    Cease = 6,
    RouteRefreshMessageError = 7,
    SendHoldTimerExpired = 8,
}
