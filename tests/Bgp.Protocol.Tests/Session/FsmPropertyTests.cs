using Bgp.Protocol.Session;
using Bgp.Testing.Session;
using FsCheck;
using FsCheck.Xunit;

namespace Bgp.Protocol.Tests.Session;

/// <summary>
/// Model-based properties over random runs: random inputs interleaved with timer firings on a
/// simulated clock (<see cref="FsmDriver"/>), checked against invariants of RFC 4271 8.
/// </summary>
public class FsmPropertyTests
{
    [Property(Arbitrary = [typeof(FsmArbitraries)], MaxTest = 300)]
    public void RandomRun_AnyInputs_KeepsRfcInvariants(PeerConfig config, FsmStep[] steps)
    {
        var d = Run(config, steps);
        bool notificationSent = false;
        bool established = false;
        var running = new HashSet<FsmTimer>(); // timers armed, as the actions say
        foreach (var (_, input, before, actions) in d.Log)
        {
            bool holdWasRunning = running.Contains(FsmTimer.Hold);
            foreach (var t in Enum.GetValues<FsmTimer>())
                if (FsmInput.TimerExpired(t).Event == input.Event) running.Remove(t);
            foreach (var a in actions)
            {
                if (a.Kind == FsmActionKind.StartTimer) running.Add(a.Timer);
                else if (a.Kind == FsmActionKind.StopTimer) Assert.True(running.Remove(a.Timer), $"stop of a stopped {a.Timer}");
            }
            // A timer stopped by the FSM firing anyway is dropped without a trace.
            if (input.Event == FsmEvent.HoldTimer_Expires && !holdWasRunning) Assert.Empty(actions);

            if (input.Event is FsmEvent.Tcp_CR_Acked or FsmEvent.TcpConnectionConfirmed) notificationSent = false;
            int downs = 0;
            foreach (var a in actions)
            {
                switch (a.Kind)
                {
                    case FsmActionKind.Connect:
                        notificationSent = false;
                        break;
                    case FsmActionKind.SendOpen or FsmActionKind.SendKeepalive or FsmActionKind.SendNotification:
                        // Nothing is sent after a NOTIFICATION until a new connection.
                        Assert.False(notificationSent, $"{a} after a NOTIFICATION, input {input} in {before}");
                        notificationSent |= a.Kind == FsmActionKind.SendNotification;
                        break;
                    case FsmActionKind.StateChanged when a.To == SessionState.Established:
                        // Established only from OpenConfirm on the peer's KEEPALIVE.
                        Assert.Equal(SessionState.OpenConfirm, a.From);
                        Assert.Equal(FsmEvent.KeepAliveMsg, input.Event);
                        established = true;
                        break;
                    case FsmActionKind.StateChanged when a.To == SessionState.OpenConfirm:
                        // OpenConfirm only after an OPEN that passed the checks.
                        Assert.Equal(FsmEvent.BGPOpen, input.Event);
                        Assert.Null(OpenChecks.Check(config, input.Open!));
                        break;
                    case FsmActionKind.StateChanged when a.To == SessionState.Idle:
                        Assert.NotNull(a.Reason);
                        break;
                    case FsmActionKind.SessionDown:
                        downs++;
                        Assert.True(established, "SessionDown without a session");
                        established = false;
                        break;
                }
            }
            // Leaving Established reports SessionDown exactly once; nothing else does.
            bool leftEstablished = before == SessionState.Established && actions.Any(a => a.Kind == FsmActionKind.StateChanged);
            Assert.Equal(leftEstablished ? 1 : 0, downs);

            // Hold timer expiry after OpenSent: NOTIFICATION 4/0 and Idle.
            if (input.Event == FsmEvent.HoldTimer_Expires && holdWasRunning)
            {
                var n = Assert.Single(actions, a => a.Kind == FsmActionKind.SendNotification).Notification!;
                Assert.Equal((NotificationCode.HoldTimerExpired, (byte)0), (n.Code, n.Subcode));
                Assert.Equal(SessionState.Idle, actions.Last(a => a.Kind == FsmActionKind.StateChanged).To);
            }
        }
        Assert.Equal(established, d.Fsm.State == SessionState.Established);
        // The FSM's idea of running timers matches the driver's.
        foreach (var t in Enum.GetValues<FsmTimer>())
        {
            Assert.Equal(d.Deadlines.ContainsKey(t), d.Fsm.IsTimerRunning(t));
            Assert.Equal(running.Contains(t), d.Fsm.IsTimerRunning(t));
        }
    }

    [Property(Arbitrary = [typeof(FsmArbitraries)], MaxTest = 200)]
    public void SilentPeer_AfterOpenSent_HoldTimerEndsInIdleWith4_0(PeerConfig config, FsmStep[] steps)
    {
        var d = Run(config with { AllowAutomaticStart = false }, steps);
        if (d.Fsm.State < SessionState.OpenSent || !d.Fsm.IsTimerRunning(FsmTimer.Hold)) return;
        int sent = d.Log.Count;
        // The peer says nothing: only timers fire. Keepalives go out, then the hold timer ends it.
        while (d.Fsm.State != SessionState.Idle) Assert.NotNull(d.FireNextTimer());
        var last = d.Log[^1];
        Assert.Equal(FsmEvent.HoldTimer_Expires, last.Input.Event);
        var n = Assert.Single(last.Actions, a => a.Kind == FsmActionKind.SendNotification).Notification!;
        Assert.Equal(NotificationCode.HoldTimerExpired, n.Code);
        Assert.Equal(DownReasonKind.HoldTimerExpired, d.Fsm.LastDownReason!.Kind);
        Assert.All(d.Log.Skip(sent).SkipLast(1), s => Assert.Equal(FsmEvent.KeepaliveTimer_Expires, s.Input.Event));
    }

    /// <summary>Hold times ours x peer's x configured keepalive, driven for a simulated hour.</summary>
    [Property(MaxTest = 100)]
    public void Established_TimeAdvances_KeepalivesAtNegotiatedInterval(byte oursRaw, byte peersRaw, byte keepaliveRaw)
    {
        ushort ours = (ushort)(oursRaw < 3 ? 0 : oursRaw);
        ushort peers = (ushort)(peersRaw < 3 ? 0 : peersRaw);
        ushort? configured = keepaliveRaw == 0 ? null : keepaliveRaw;
        var d = new FsmDriver(SessionFixtures.Config() with { HoldTime = ours, KeepaliveTime = configured });
        d.Feed(FsmInput.ManualStart, FsmInput.TcpCrAcked, SessionFixtures.Open(SessionFixtures.PeerOpen(holdTime: peers)), FsmInput.Keepalive);
        Assert.Equal(SessionState.Established, d.Fsm.State);
        var (hold, keepalive) = CapabilityNegotiation.Timers(ours, peers, configured);

        // The peer keeps the session up with a KEEPALIVE every second; our keepalive timer runs on its own.
        var sentAt = new List<TimeSpan>();
        for (int second = 1; second <= 3600; second++)
        {
            int logged = d.Log.Count;
            d.Advance(TimeSpan.FromSeconds(1));
            for (int i = logged; i < d.Log.Count; i++)
                if (d.Log[i].Actions.Any(a => a.Kind == FsmActionKind.SendKeepalive)) sentAt.Add(d.Log[i].At);
            d.Feed(FsmInput.Keepalive);
            Assert.Equal(SessionState.Established, d.Fsm.State);
        }
        if (hold == 0)
        {
            Assert.Empty(sentAt);
            Assert.False(d.Fsm.IsTimerRunning(FsmTimer.Hold));
            return;
        }
        Assert.True(keepalive >= 1 && keepalive <= hold / 3.0);
        Assert.Equal(3600 / keepalive, sentAt.Count);
        for (int i = 0; i < sentAt.Count; i++)
            Assert.Equal(TimeSpan.FromSeconds(keepalive * (i + 1)), sentAt[i]);
    }

    [Property(MaxTest = 100)]
    public void ConnectRetry_AnySeed_JitteredBetweenThreeQuartersAndFull(int seed)
    {
        var d = new FsmDriver(SessionFixtures.Config(), seed);
        var start = d.Feed(FsmInput.ManualStart).Single(a => a.Kind == FsmActionKind.StartTimer);
        Assert.Equal(FsmTimer.ConnectRetry, start.Timer);
        Assert.InRange(start.Duration, TimeSpan.FromSeconds(90), TimeSpan.FromSeconds(120));
    }

    private static FsmDriver Run(PeerConfig config, FsmStep[] steps)
    {
        var d = new FsmDriver(config);
        foreach (var s in steps)
        {
            if (s.Input is { } input) d.Feed(input);
            else d.FireNextTimer();
        }
        return d;
    }
}
