using System.Collections.Immutable;
using Bgp.Protocol;
using Bgp.Protocol.Capabilities;
using Bgp.Protocol.Messages;
using Bgp.Protocol.Session;

namespace Bgp.Testing.Session;

/// <summary>Configurations, OPENs and inputs the FSM tests share.</summary>
public static class SessionFixtures
{
    public const uint LocalAs = 65001;
    public const uint PeerAs = 65002;
    public static readonly uint LocalId = RouterId.Parse("10.0.0.1");
    public static readonly uint PeerId = RouterId.Parse("10.0.0.2");

    /// <summary>An eBGP peer with automatic restart off, so every action in a test comes from its input.</summary>
    public static PeerConfig Config() => new()
    {
        LocalAs = LocalAs,
        LocalBgpId = LocalId,
        PeerAs = PeerAs,
        AllowAutomaticStart = false,
    };

    /// <summary>The peer's OPEN as a modern speaker sends it.</summary>
    public static OpenMessage PeerOpen(ushort holdTime = 90, uint asn = PeerAs, uint? id = null, params Capability[] extra)
    {
        var caps = ImmutableArray.CreateBuilder<Capability>();
        caps.Add(new MultiprotocolCapability(AfiSafi.Ipv4Unicast));
        caps.Add(new RouteRefreshCapability());
        caps.Add(new FourOctetAsCapability(asn));
        caps.AddRange(extra);
        return new OpenMessage
        {
            MyAs = asn > ushort.MaxValue ? BgpConstants.AsTrans : (ushort)asn,
            HoldTime = holdTime,
            BgpIdentifier = id ?? PeerId,
            Capabilities = caps.ToImmutable(),
        };
    }

    public static FsmInput Open(OpenMessage open) => FsmInput.Received(open);

    public static readonly UpdateMessage SomeUpdate = new()
    {
        Nlri = [new Nlri(Prefix.Parse("192.0.2.0/24"), 0)],
    };

    public static readonly RouteRefreshMessage Refresh = new() { Family = AfiSafi.Ipv4Unicast };

    /// <summary>One input of every kind the FSM knows, each with a typical payload, named for tables.</summary>
    public static IReadOnlyList<(string Name, FsmInput Input)> AllInputs { get; } =
    [
        ("ManualStart", FsmInput.ManualStart),
        ("ManualStop", FsmInput.ManualStop()),
        ("AutomaticStart", FsmInput.AutomaticStart),
        ("ManualStartPassive", FsmInput.ManualStartPassive),
        ("AutomaticStartPassive", FsmInput.AutomaticStartPassive),
        ("AutoStartDamp", new FsmInput(FsmEvent.AutomaticStart_with_DampPeerOscillations)),
        ("AutoStartDampPassive", new FsmInput(FsmEvent.AutomaticStart_with_DampPeerOscillations_and_PassiveTcpEstablishment)),
        ("AutomaticStop", FsmInput.AutomaticStop()),
        ("ConnectRetryExpires", FsmInput.TimerExpired(FsmTimer.ConnectRetry)),
        ("HoldExpires", FsmInput.TimerExpired(FsmTimer.Hold)),
        ("KeepaliveExpires", FsmInput.TimerExpired(FsmTimer.Keepalive)),
        ("DelayOpenExpires", FsmInput.TimerExpired(FsmTimer.DelayOpen)),
        ("IdleHoldExpires", FsmInput.TimerExpired(FsmTimer.IdleHold)),
        ("TcpValid", FsmInput.TcpConnectionValid),
        ("TcpInvalid", FsmInput.TcpCrInvalid),
        ("TcpAcked", FsmInput.TcpCrAcked),
        ("TcpConfirmed", FsmInput.TcpConnectionConfirmed),
        ("TcpFails", FsmInput.TcpConnectionFails),
        ("BGPOpen", Open(PeerOpen())),
        ("BGPHeaderErr", FsmInput.DecodeFailed(BgpError.Header(MessageHeaderErrorSubcode.BadMessageLength, [0, 5], "test"))),
        ("BGPOpenMsgErr", FsmInput.DecodeFailed(BgpError.Open(OpenMessageErrorSubcode.BadPeerAs, [], "test"))),
        ("OpenCollisionDump", FsmInput.OpenCollisionDump),
        ("NotifMsgVerErr", FsmInput.Received(new NotificationMessage(NotificationCode.OpenMessageError, 1, [0, 4]))),
        ("NotifMsg", FsmInput.Received(NotificationMessage.Cease(CeaseSubcode.AdministrativeShutdown, "bye"))),
        ("KeepAliveMsg", FsmInput.Keepalive),
        ("UpdateMsg", FsmInput.Received(SomeUpdate)),
        ("UpdateMsgErr", FsmInput.DecodeFailed(BgpError.Update(UpdateMessageErrorSubcode.MalformedAttributeList, ErrorAction.SessionReset, [], "test"))),
        ("SendHoldExpires", FsmInput.TimerExpired(FsmTimer.SendHold)),
        ("RouteRefresh", FsmInput.Received(Refresh)),
    ];

    /// <summary>
    /// A compact, order-preserving rendering of actions for tables: OPEN, KEEPALIVE, NOTIF(c/s),
    /// +Timer / -Timer, connect, drop, deliver, refresh, up, down, =>State.
    /// </summary>
    public static string Signature(IEnumerable<FsmAction> actions) => string.Join(' ', actions.Select(a => a.Kind switch
    {
        FsmActionKind.Connect => "connect",
        FsmActionKind.DropConnection => "drop",
        FsmActionKind.SendOpen => "OPEN",
        FsmActionKind.SendKeepalive => "KEEPALIVE",
        FsmActionKind.SendNotification => $"NOTIF({(byte)a.Notification!.Code}/{a.Notification.Subcode})",
        FsmActionKind.StartTimer => "+" + a.Timer,
        FsmActionKind.StopTimer => "-" + a.Timer,
        FsmActionKind.DeliverUpdate => "deliver",
        FsmActionKind.DeliverRouteRefresh => "refresh",
        FsmActionKind.SessionEstablished => "up",
        FsmActionKind.SessionDown => "down",
        FsmActionKind.StateChanged => "=>" + a.To,
        _ => a.Kind.ToString(),
    }));
}
