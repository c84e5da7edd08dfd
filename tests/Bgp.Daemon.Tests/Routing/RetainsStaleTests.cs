using Bgp.Daemon.Routing;
using Bgp.Protocol;
using Bgp.Protocol.Capabilities;
using Bgp.Protocol.Messages;
using Bgp.Protocol.Session;

namespace Bgp.Daemon.Tests.Routing;

/// <summary>The receiving speaker's choice at a session's end: keep the peer's routes as stale (RFC 4724 4.2, RFC 8538 4) or flush them.</summary>
public sealed class RetainsStaleTests
{
    private static readonly GracefulRestartCapability PeerGr =
        new(RestartState: false, NotificationSupport: true, RestartTime: 120, [new GracefulRestartFamily(AfiSafi.Ipv4Unicast, true)]);

    private static readonly NotificationMessage HoldTimerExpired = new(NotificationCode.HoldTimerExpired, 0, []);

    private static bool Retains(bool n, DownReason reason) => RibSessionBinding.RetainsStale(true, PeerGr, n, reason);

    [Fact]
    public void TcpFailure_WithOrWithoutN_Retained()
    {
        var reason = DownReason.Of(DownReasonKind.TcpConnectionFailed, FsmEvent.TcpConnectionFails);
        Assert.True(Retains(true, reason));
        Assert.True(Retains(false, reason));
    }

    [Fact]
    public void HoldTimerExpiredSent_NNegotiated_Retained() =>
        Assert.True(Retains(true, DownReason.Sent(FsmEvent.HoldTimer_Expires, HoldTimerExpired, DownReasonKind.HoldTimerExpired)));

    [Fact]
    public void HoldTimerExpiredSent_NNotNegotiated_Flushed() =>
        Assert.False(Retains(false, DownReason.Sent(FsmEvent.HoldTimer_Expires, HoldTimerExpired, DownReasonKind.HoldTimerExpired)));

    [Fact]
    public void GracefulCeaseReceived_NNegotiated_Retained() =>
        Assert.True(Retains(true, DownReason.Received(FsmEvent.NotifMsg, NotificationMessage.Cease(CeaseSubcode.OtherConfigurationChange, null))));

    [Fact]
    public void PlainAdministrativeShutdownReceived_NNegotiated_Retained() =>
        // RFC 8538 4: only a Hard Reset flushes; a peer that meant "forget" had to wrap it.
        Assert.True(Retains(true, DownReason.Received(FsmEvent.NotifMsg, NotificationMessage.Cease(CeaseSubcode.AdministrativeShutdown, null))));

    [Fact]
    public void CeaseReceived_NNotNegotiated_Flushed() =>
        Assert.False(Retains(false, DownReason.Received(FsmEvent.NotifMsg, NotificationMessage.Cease(CeaseSubcode.OtherConfigurationChange, null))));

    [Fact]
    public void HardResetReceived_NNegotiated_Flushed()
    {
        var hardReset = HardReset.Wrap(NotificationMessage.Cease(CeaseSubcode.AdministrativeShutdown, null));
        Assert.False(Retains(true, DownReason.Received(FsmEvent.NotifMsg, hardReset)));
        // A Hard Reset with no well-formed inner NOTIFICATION still flushes.
        Assert.False(Retains(true, DownReason.Received(FsmEvent.NotifMsg, new NotificationMessage(NotificationCode.Cease, (byte)CeaseSubcode.HardReset, [6]))));
    }

    [Fact]
    public void HardResetSent_NNegotiated_Flushed() =>
        Assert.False(Retains(true, DownReason.Sent(FsmEvent.ManualStop, NotificationMessage.Cease(CeaseSubcode.AdministrativeShutdown, null),
            DownReasonKind.AdministrativeStop) with { HardReset = true }));

    [Fact]
    public void NoPeerCapabilityOrLocalGracefulRestartOff_Flushed()
    {
        var tcp = DownReason.Of(DownReasonKind.TcpConnectionFailed, FsmEvent.TcpConnectionFails);
        Assert.False(RibSessionBinding.RetainsStale(true, null, true, tcp));
        Assert.False(RibSessionBinding.RetainsStale(false, PeerGr, true, tcp));
    }
}
