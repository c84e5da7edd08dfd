using Bgp.Protocol.Messages;

namespace Bgp.Protocol.Session;

/// <summary>
/// The BGP finite state machine of RFC 4271 section 8 for one TCP connection to a peer, sans-IO:
/// events go in through <see cref="Handle(in FsmInput, List{FsmAction})"/>, the actions for the driver
/// come out in order. It has no socket, no clock and no thread; timers are actions the driver arms on
/// its TimeProvider, feeding back the expiry event.
/// <para>
/// The file layout follows the RFC: this file holds the state and the dispatch; <c>BgpFsm.States.cs</c>
/// has one method per state, each a switch on the event mirroring 8.2.2; <c>BgpFsm.Transitions.cs</c>
/// has the entry actions of each state in one place and the timer bookkeeping.
/// </para>
/// <para>
/// Deviations from the letter of 8.2.2, each the choice of running implementations:
/// a timer expiry for a timer this FSM has stopped is a race in the driver and is dropped;
/// TcpConnectionFails in Connect falls back to Active and lets ConnectRetryTimer retry (as OpenBGPD);
/// a received NOTIFICATION is never answered with an FSM Error NOTIFICATION (RFC 6608 3 names
/// KEEPALIVE, UPDATE and ROUTE-REFRESH as the unexpected messages);
/// a Message Header Error in Established is answered with its own NOTIFICATION (RFC 4271 6.1), not 5/3;
/// with AllowAutomaticStart the FSM restarts itself after IdleHoldTime (doubling under DampPeerOscillations).
/// </para>
/// Connection collisions (RFC 4271 6.8) involve two connections: the driver runs one BgpFsm per
/// connection and uses <see cref="CollisionDetection"/> to pick the one to dump with OpenCollisionDump.
/// </summary>
public sealed partial class BgpFsm
{
    private static readonly NotificationMessage HoldTimerExpiredNotification = new(NotificationCode.HoldTimerExpired, 0, []);
    private static readonly NotificationMessage SendHoldTimerExpiredNotification = new(NotificationCode.SendHoldTimerExpired, 0, []);
    private static readonly NotificationMessage CollisionNotification =
        new(NotificationCode.Cease, (byte)CeaseSubcode.ConnectionCollisionResolution, []);
    private static readonly NotificationMessage AdministrativeShutdown = NotificationMessage.Cease(CeaseSubcode.AdministrativeShutdown, null);
    private static readonly NotificationMessage CeaseUnspecific = NotificationMessage.Cease(CeaseSubcode.Unspecific, null);

    private readonly PeerConfig _config;
    private readonly Random _random;
    private List<FsmAction> _out = [];
    private uint _runningTimers;
    private TimeSpan _idleHoldTime;
    private bool _passive;
    private TimeSpan _holdTime;
    private TimeSpan _keepaliveTime;

    /// <param name="config">The peer's session attributes; validated here.</param>
    /// <param name="random">Source of the RFC 4271 10 jitter (seeded in tests).</param>
    public BgpFsm(PeerConfig config, Random random)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(random);
        config.Validate();
        _config = config;
        _random = random;
        LocalOpen = config.BuildOpen();
        _idleHoldTime = config.IdleHoldTime;
        _passive = config.PassiveTcpEstablishment;
    }

    public PeerConfig Config => _config;
    /// <summary>The OPEN this FSM sends.</summary>
    public OpenMessage LocalOpen { get; }
    public SessionState State { get; private set; } = SessionState.Idle;
    /// <summary>ConnectRetryCounter of RFC 4271 8: failed attempts since the last manual start or stop.</summary>
    public int ConnectRetryCounter { get; private set; }
    /// <summary>What the OPENs agreed, from OpenConfirm on; null in the other states.</summary>
    public NegotiatedSession? Negotiated { get; private set; }
    /// <summary>Why the FSM last went to Idle; null before the first time.</summary>
    public DownReason? LastDownReason { get; private set; }
    /// <summary>The IdleHold time the next automatic restart waits (doubles under damping).</summary>
    public TimeSpan IdleHoldTime => _idleHoldTime;

    /// <summary>Whether this FSM considers the timer armed (the driver may use it to drop stale expiries early).</summary>
    public bool IsTimerRunning(FsmTimer timer) => (_runningTimers & (1u << (int)timer)) != 0;

    /// <summary>Handles one input and returns its actions in a new list. Convenient; the driver uses the other overload.</summary>
    public IReadOnlyList<FsmAction> Handle(FsmInput input)
    {
        var list = new List<FsmAction>(6);
        Handle(input, list);
        return list;
    }

    /// <summary>Handles one input, appending the actions to <paramref name="actions"/> in the order they must run.</summary>
    public void Handle(in FsmInput input, List<FsmAction> actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        if (TimerOf(input.Event) is { } timer)
        {
            // A timer the FSM stopped can still fire if the driver queued its expiry before the stop:
            // it is no protocol event, so it is dropped. A real expiry means the timer is no longer running.
            if (!IsTimerRunning(timer)) return;
            _runningTimers &= ~(1u << (int)timer);
        }
        _out = actions;
        switch (State)
        {
            case SessionState.Idle: Idle(input); break;
            case SessionState.Connect: Connect(input); break;
            case SessionState.Active: Active(input); break;
            case SessionState.OpenSent: OpenSent(input); break;
            case SessionState.OpenConfirm: OpenConfirm(input); break;
            case SessionState.Established: Established(input); break;
        }
    }

    private static FsmTimer? TimerOf(FsmEvent ev) => ev switch
    {
        FsmEvent.ConnectRetryTimer_Expires => FsmTimer.ConnectRetry,
        FsmEvent.HoldTimer_Expires => FsmTimer.Hold,
        FsmEvent.KeepaliveTimer_Expires => FsmTimer.Keepalive,
        FsmEvent.DelayOpenTimer_Expires => FsmTimer.DelayOpen,
        FsmEvent.IdleHoldTimer_Expires => FsmTimer.IdleHold,
        FsmEvent.SendHoldTimer_Expires => FsmTimer.SendHold,
        FsmEvent.DampingResetTimer_Expires => FsmTimer.DampingReset,
        _ => null,
    };
}
