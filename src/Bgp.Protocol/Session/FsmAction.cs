using Bgp.Protocol.Messages;

namespace Bgp.Protocol.Session;

/// <summary>
/// One thing the driver must do, in order. A struct with a kind and the few fields a kind uses, so the
/// steady state (KEEPALIVE in, UPDATE in, keepalive timer) fills the caller's list without allocating.
/// </summary>
public readonly record struct FsmAction
{
    private FsmAction(FsmActionKind kind) => Kind = kind;

    public FsmActionKind Kind { get; private init; }
    /// <summary>The timer of StartTimer / StopTimer.</summary>
    public FsmTimer Timer { get; private init; }
    /// <summary>How long a StartTimer runs.</summary>
    public TimeSpan Duration { get; private init; }
    /// <summary>The OPEN or NOTIFICATION to send, or the UPDATE / ROUTE-REFRESH to deliver.</summary>
    public BgpMessage? Message { get; private init; }
    /// <summary>What SessionEstablished agreed.</summary>
    public NegotiatedSession? Session { get; private init; }
    /// <summary>Why SessionDown (and a StateChanged into Idle) happened.</summary>
    public DownReason? Reason { get; private init; }
    public SessionState From { get; private init; }
    public SessionState To { get; private init; }

    public OpenMessage? Open => Message as OpenMessage;
    public NotificationMessage? Notification => Message as NotificationMessage;
    public UpdateMessage? Update => Message as UpdateMessage;

    public static FsmAction Connect { get; } = new(FsmActionKind.Connect);
    public static FsmAction DropConnection { get; } = new(FsmActionKind.DropConnection);
    public static FsmAction SendKeepalive { get; } = new(FsmActionKind.SendKeepalive);

    public static FsmAction SendOpen(OpenMessage open) => new(FsmActionKind.SendOpen) { Message = open };
    public static FsmAction SendNotification(NotificationMessage n) => new(FsmActionKind.SendNotification) { Message = n };
    public static FsmAction StartTimer(FsmTimer timer, TimeSpan duration) => new(FsmActionKind.StartTimer) { Timer = timer, Duration = duration };
    public static FsmAction StopTimer(FsmTimer timer) => new(FsmActionKind.StopTimer) { Timer = timer };
    public static FsmAction DeliverUpdate(UpdateMessage update) => new(FsmActionKind.DeliverUpdate) { Message = update };
    public static FsmAction DeliverRouteRefresh(RouteRefreshMessage rr) => new(FsmActionKind.DeliverRouteRefresh) { Message = rr };
    public static FsmAction SessionEstablished(NegotiatedSession s) => new(FsmActionKind.SessionEstablished) { Session = s };
    public static FsmAction SessionDown(DownReason r) => new(FsmActionKind.SessionDown) { Reason = r };
    public static FsmAction StateChanged(SessionState from, SessionState to, DownReason? reason) =>
        new(FsmActionKind.StateChanged) { From = from, To = to, Reason = reason };

    public override string ToString() => Kind switch
    {
        FsmActionKind.StartTimer => $"StartTimer({Timer}, {Duration.TotalSeconds}s)",
        FsmActionKind.StopTimer => $"StopTimer({Timer})",
        FsmActionKind.SendNotification => $"SendNotification({(byte)Notification!.Code}/{Notification.Subcode})",
        FsmActionKind.StateChanged => $"StateChanged({From}->{To})",
        FsmActionKind.SessionDown => $"SessionDown({Reason})",
        _ => Kind.ToString(),
    };
}
