using Bgp.Protocol.Messages;

namespace Bgp.Protocol.Session;

/// <summary>
/// Why a session went to Idle: recorded on every path into Idle so the API and the logs can show it.
/// <see cref="Code"/>/<see cref="Subcode"/> are the NOTIFICATION's when one was sent or received;
/// <see cref="Text"/> is the peer's or our shutdown communication (RFC 9003) when there was one.
/// A Cease / Hard Reset (RFC 8538 3) is recorded by the NOTIFICATION it carries, with <see cref="HardReset"/> set,
/// so the logs and the API name the real cause.
/// </summary>
public sealed record DownReason(DownReasonKind Kind, FsmEvent Event, NotificationCode Code = 0, byte Subcode = 0, string? Text = null)
{
    /// <summary>True when a NOTIFICATION was exchanged and <see cref="Code"/>/<see cref="Subcode"/> mean something.</summary>
    public bool HasNotification => Code != 0;

    /// <summary>
    /// The NOTIFICATION was a Cease / Hard Reset (RFC 8538 3), sent or received: the session's routes are
    /// flushed even when the N bit was negotiated. <see cref="Code"/>/<see cref="Subcode"/> are the inner
    /// NOTIFICATION's, or Cease / Hard Reset itself when a received one carried no well-formed inner part.
    /// </summary>
    public bool HardReset { get; init; }

    public static DownReason Sent(FsmEvent ev, NotificationMessage sent, DownReasonKind kind = DownReasonKind.NotificationSent) =>
        new(kind, ev, sent.Code, sent.Subcode, sent.ShutdownCommunication);

    public static DownReason Received(FsmEvent ev, NotificationMessage? received)
    {
        if (received is null) return new(DownReasonKind.NotificationReceived, ev);
        if (!Messages.HardReset.Is(received))
            return new(DownReasonKind.NotificationReceived, ev, received.Code, received.Subcode, received.ShutdownCommunication);
        // RFC 8538 3: name the NOTIFICATION inside; a malformed inner part leaves the bare Hard Reset.
        var inner = Messages.HardReset.TryUnwrap(received, out var carried) ? carried : received;
        return new(DownReasonKind.NotificationReceived, ev, inner.Code, inner.Subcode, inner.ShutdownCommunication) { HardReset = true };
    }

    public static DownReason Of(DownReasonKind kind, FsmEvent ev) => new(kind, ev);

    public override string ToString()
    {
        string what = Kind switch
        {
            DownReasonKind.AdministrativeStop => "administratively stopped",
            DownReasonKind.AutomaticStop => "automatically stopped",
            DownReasonKind.HoldTimerExpired => "hold timer expired",
            DownReasonKind.SendHoldTimerExpired => "send hold timer expired",
            DownReasonKind.NotificationReceived => "NOTIFICATION received",
            DownReasonKind.NotificationSent => "NOTIFICATION sent",
            DownReasonKind.TcpConnectionFailed => "TCP connection failed",
            DownReasonKind.CollisionResolution => "connection collision resolution",
            _ => $"unexpected {Event}",
        };
        if (HasNotification) what += $": {NotificationNames.Describe(Code, Subcode)} ({(byte)Code}/{Subcode})";
        if (HardReset && !(Code == NotificationCode.Cease && Subcode == (byte)CeaseSubcode.HardReset)) what += " in a Hard Reset (6/9)";
        if (Text is not null) what += $" \"{Text}\"";
        return what;
    }
}
