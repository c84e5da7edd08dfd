using Bgp.Protocol.Messages;
using Bgp.Protocol.Session;
using Bgp.Testing.Session;

namespace Bgp.Protocol.Tests.Session;

/// <summary>Named scenarios: damping, automatic restart, send hold, shutdown communication, stale timers, allocations.</summary>
public class FsmScenarioTests
{
    private static FsmDriver Established(PeerConfig config)
    {
        var d = new FsmDriver(config);
        d.Feed(FsmInput.ManualStart, FsmInput.TcpCrAcked, SessionFixtures.Open(SessionFixtures.PeerOpen()), FsmInput.Keepalive);
        Assert.Equal(SessionState.Established, d.Fsm.State);
        return d;
    }

    [Fact]
    public void Damping_RepeatedFlaps_IdleHoldDoublesUpToCapAndRestartsItself()
    {
        var config = SessionFixtures.Config() with
        {
            AllowAutomaticStart = true,
            DampPeerOscillations = true,
            IdleHoldTime = TimeSpan.FromSeconds(5),
            MaxIdleHoldTime = TimeSpan.FromSeconds(30),
        };
        var d = Established(config);
        var holds = new List<TimeSpan>();
        for (int flap = 0; flap < 5; flap++)
        {
            var down = d.Feed(FsmInput.TcpConnectionFails);
            holds.Add(Assert.Single(down, a => a.Kind == FsmActionKind.StartTimer && a.Timer == FsmTimer.IdleHold).Duration);
            // Held in Idle: an automatic start waits, the timer's expiry starts the peer.
            Assert.Empty(d.Feed(FsmInput.AutomaticStart));
            Assert.Equal(FsmTimer.IdleHold, d.FireNextTimer());
            Assert.Equal(SessionState.Connect, d.Fsm.State);
            d.Feed(FsmInput.TcpCrAcked, SessionFixtures.Open(SessionFixtures.PeerOpen()), FsmInput.Keepalive);
        }
        Assert.Equal([5, 10, 20, 30, 30], holds.Select(h => (int)h.TotalSeconds));

        // Stable for DampingStablePeriod: the back-off starts over.
        for (var t = TimeSpan.Zero; t < config.DampingStablePeriod; t += TimeSpan.FromSeconds(10))
        {
            Assert.Equal(TimeSpan.FromSeconds(30), d.Fsm.IdleHoldTime);
            d.Advance(TimeSpan.FromSeconds(10));
            d.Feed(FsmInput.Keepalive);
        }
        Assert.Equal(SessionState.Established, d.Fsm.State);
        Assert.Equal(config.IdleHoldTime, d.Fsm.IdleHoldTime);
    }

    [Fact]
    public void ManualStart_WhileIdleHeld_StartsAtOnceAndResetsBackoff()
    {
        var d = Established(SessionFixtures.Config() with { AllowAutomaticStart = true, DampPeerOscillations = true });
        d.Feed(FsmInput.TcpConnectionFails);
        Assert.True(d.Fsm.IsTimerRunning(FsmTimer.IdleHold));
        var actions = d.Feed(FsmInput.ManualStart);
        Assert.Contains(FsmAction.StopTimer(FsmTimer.IdleHold), actions);
        Assert.Equal(SessionState.Connect, d.Fsm.State);
        Assert.Equal(d.Fsm.Config.IdleHoldTime, d.Fsm.IdleHoldTime);
    }

    [Fact]
    public void ManualStop_FromEstablished_SendsShutdownCommunicationAndReportsDownOnce()
    {
        var d = Established(SessionFixtures.Config() with { AllowAutomaticStart = true });
        var actions = d.Feed(FsmInput.ManualStop("maintenance"));
        var n = Assert.Single(actions, a => a.Kind == FsmActionKind.SendNotification).Notification!;
        Assert.Equal("maintenance", n.ShutdownCommunication);
        var down = Assert.Single(actions, a => a.Kind == FsmActionKind.SessionDown).Reason!;
        Assert.Equal(DownReasonKind.AdministrativeStop, down.Kind);
        Assert.Equal("maintenance", down.Text);
        // An operator's stop is not restarted automatically.
        Assert.False(d.Fsm.IsTimerRunning(FsmTimer.IdleHold));
        Assert.Empty(d.Feed(FsmInput.TcpConnectionFails));
    }

    [Fact]
    public void Established_NotificationReceived_RecordsCodeSubcodeAndText()
    {
        var d = Established(SessionFixtures.Config());
        d.Feed(FsmInput.Received(NotificationMessage.Cease(CeaseSubcode.AdministrativeReset, "upgrade")));
        var r = d.Fsm.LastDownReason!;
        Assert.Equal((DownReasonKind.NotificationReceived, NotificationCode.Cease, (byte)4, "upgrade"), (r.Kind, r.Code, r.Subcode, r.Text));
        Assert.Contains("Administrative Reset", r.ToString());
        Assert.Null(d.Fsm.Negotiated);
    }

    [Fact]
    public void Established_PeerStopsReading_SendHoldTimerSends8_0()
    {
        var d = Established(SessionFixtures.Config());
        d.PeerReads = false;
        // The peer's KEEPALIVEs keep arriving, but what we send is never taken.
        while (d.Fsm.State == SessionState.Established)
        {
            d.Advance(TimeSpan.FromSeconds(10));
            d.Feed(FsmInput.Keepalive);
        }
        Assert.Equal(DownReasonKind.SendHoldTimerExpired, d.Fsm.LastDownReason!.Kind);
        Assert.Equal(NotificationCode.SendHoldTimerExpired, d.Fsm.LastDownReason.Code);
        Assert.Equal(TimeSpan.FromMinutes(8), d.Log[^1].At);
    }

    [Fact]
    public void Established_StaleTimerExpiry_IsDropped()
    {
        var d = Established(SessionFixtures.Config());
        Assert.Empty(d.Feed(FsmInput.TimerExpired(FsmTimer.ConnectRetry)));
        Assert.Empty(d.Feed(FsmInput.TimerExpired(FsmTimer.DelayOpen)));
        Assert.Equal(SessionState.Established, d.Fsm.State);
    }

    [Fact]
    public void Established_RouteRefreshForUnnegotiatedFamily_IsIgnored()
    {
        var d = Established(SessionFixtures.Config());
        var actions = d.Feed(FsmInput.Received(new RouteRefreshMessage { Family = AfiSafi.Ipv6Unicast }));
        Assert.DoesNotContain(actions, a => a.Kind == FsmActionKind.DeliverRouteRefresh);
        Assert.Equal(SessionState.Established, d.Fsm.State);
    }

    [Fact]
    public void Established_SteadyStateInputs_AllocateNothing()
    {
        var fsm = new BgpFsm(SessionFixtures.Config(), new Random(1));
        var list = new List<FsmAction>(16);
        foreach (var i in new[] { FsmInput.ManualStart, FsmInput.TcpCrAcked, SessionFixtures.Open(SessionFixtures.PeerOpen()), FsmInput.Keepalive })
            fsm.Handle(i, list);
        var update = FsmInput.Received(SessionFixtures.SomeUpdate);
        var keepaliveTimer = FsmInput.TimerExpired(FsmTimer.Keepalive);
        for (int warm = 0; warm < 100; warm++) Steady();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int n = 0; n < 1000; n++) Steady();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

        void Steady()
        {
            list.Clear();
            fsm.Handle(FsmInput.Keepalive, list);
            fsm.Handle(update, list);
            fsm.Handle(keepaliveTimer, list);
        }
    }

    [Fact]
    public void Config_HoldTimeOfTwo_IsRejected() =>
        Assert.Throws<ArgumentException>(() => new BgpFsm(SessionFixtures.Config() with { HoldTime = 2 }, new Random(1)));

    [Fact]
    public void BuildOpen_FourOctetLocalAs_UsesAsTransAndAddsRole()
    {
        var open = (SessionFixtures.Config() with { LocalAs = 4200000000, LocalRole = Capabilities.BgpRole.Customer }).BuildOpen();
        Assert.Equal(BgpConstants.AsTrans, open.MyAs);
        Assert.Equal(4200000000u, open.Asn);
        Assert.Equal(Capabilities.BgpRole.Customer, open.Find<Capabilities.RoleCapability>()!.Role);
    }
}
