using Bgp.Protocol.Session;

namespace Bgp.Testing.Session;

/// <summary>
/// A test driver for one <see cref="BgpFsm"/> on a simulated clock: it executes timer actions the way
/// the daemon's driver does (deadlines from "now"), fires the earliest timer on request, and keeps the
/// full log of inputs and actions for invariants. No sockets, no sleeping.
/// </summary>
public sealed class FsmDriver
{
    private readonly Dictionary<FsmTimer, TimeSpan> _deadlines = [];
    private readonly List<FsmAction> _scratch = new(16);
    private TimeSpan _sendHoldTime;

    public FsmDriver(PeerConfig config, int seed = 1) => Fsm = new BgpFsm(config, new Random(seed));

    public BgpFsm Fsm { get; }
    /// <summary>Whether the peer reads what we send (false models a stuck peer for the RFC 9687 SendHoldTimer).</summary>
    public bool PeerReads { get; set; } = true;
    public TimeSpan Now { get; private set; }
    /// <summary>Every step: the time, the input, the state before, and the actions it produced.</summary>
    public List<(TimeSpan At, FsmInput Input, SessionState Before, FsmAction[] Actions)> Log { get; } = [];

    public IReadOnlyDictionary<FsmTimer, TimeSpan> Deadlines => _deadlines;

    public FsmAction[] Feed(FsmInput input)
    {
        var before = Fsm.State;
        // An expiry fed by hand stands for the timer firing now: it is no longer pending.
        foreach (var t in Enum.GetValues<FsmTimer>())
            if (FsmInput.TimerExpired(t).Event == input.Event) _deadlines.Remove(t);
        _scratch.Clear();
        Fsm.Handle(input, _scratch);
        var actions = _scratch.ToArray();
        foreach (var a in actions)
        {
            if (a.Kind == FsmActionKind.StartTimer)
            {
                _deadlines[a.Timer] = Now + a.Duration;
                if (a.Timer == FsmTimer.SendHold) _sendHoldTime = a.Duration;
            }
            else if (a.Kind == FsmActionKind.StopTimer)
            {
                _deadlines.Remove(a.Timer);
            }
            else if (a.Kind is FsmActionKind.SendKeepalive or FsmActionKind.SendOpen or FsmActionKind.SendNotification
                     && PeerReads && _deadlines.ContainsKey(FsmTimer.SendHold))
            {
                // RFC 9687: the driver re-arms the SendHoldTimer whenever the peer takes what we send.
                _deadlines[FsmTimer.SendHold] = Now + _sendHoldTime;
            }
        }
        Log.Add((Now, input, before, actions));
        return actions;
    }

    public FsmAction[] Feed(params FsmInput[] inputs)
    {
        var all = new List<FsmAction>();
        foreach (var i in inputs) all.AddRange(Feed(i));
        return [.. all];
    }

    /// <summary>The earliest armed timer, if any.</summary>
    public (FsmTimer Timer, TimeSpan At)? NextTimer()
    {
        (FsmTimer, TimeSpan)? best = null;
        foreach (var (t, at) in _deadlines)
            if (best is null || at < best.Value.Item2 || (at == best.Value.Item2 && t < best.Value.Item1)) best = (t, at);
        return best;
    }

    /// <summary>Moves the clock to the earliest deadline and fires that timer; null when none is armed.</summary>
    public FsmTimer? FireNextTimer()
    {
        if (NextTimer() is not { } next) return null;
        Now = next.At;
        _deadlines.Remove(next.Timer);
        Feed(FsmInput.TimerExpired(next.Timer));
        return next.Timer;
    }

    /// <summary>Moves the clock forward, firing every timer that falls due on the way, in order.</summary>
    public void Advance(TimeSpan by)
    {
        var end = Now + by;
        while (NextTimer() is { } next && next.At <= end) FireNextTimer();
        Now = end;
    }
}
