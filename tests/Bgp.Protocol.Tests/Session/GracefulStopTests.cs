using Bgp.Protocol.Capabilities;
using Bgp.Protocol.Messages;
using Bgp.Protocol.Session;
using Bgp.Testing.Session;

namespace Bgp.Protocol.Tests.Session;

/// <summary>
/// <see cref="FsmInput.GracefulStop"/>, a planned restart of this speaker: the peer must keep our routes as stale
/// where graceful restart allows it (RFC 4724 4.2, RFC 8538 4-5), and get the plain Cease otherwise.
/// </summary>
public class GracefulStopTests
{
    private static GracefulRestartCapability Gr(bool n) =>
        new(RestartState: false, NotificationSupport: n, RestartTime: 120, [new GracefulRestartFamily(AfiSafi.Ipv4Unicast, true)]);

    private static FsmDriver Established(GracefulRestartCapability? local, GracefulRestartCapability? peer)
    {
        Capability[] caps = local is null
            ? [new MultiprotocolCapability(AfiSafi.Ipv4Unicast), new RouteRefreshCapability()]
            : [new MultiprotocolCapability(AfiSafi.Ipv4Unicast), new RouteRefreshCapability(), local];
        var d = new FsmDriver(SessionFixtures.Config() with { Capabilities = [.. caps] });
        d.Feed(FsmInput.ManualStart, FsmInput.TcpCrAcked, SessionFixtures.Open(peer is null ? SessionFixtures.PeerOpen() : SessionFixtures.PeerOpen(extra: peer)), FsmInput.Keepalive);
        Assert.Equal(SessionState.Established, d.Fsm.State);
        return d;
    }

    [Fact]
    public void GracefulStop_GrWithoutN_DropsConnectionWithoutNotification()
    {
        var d = Established(Gr(false), Gr(false));
        var actions = d.Feed(FsmInput.GracefulStop("upgrade"));
        Assert.DoesNotContain(actions, a => a.Kind == FsmActionKind.SendNotification);
        Assert.Contains(actions, a => a.Kind == FsmActionKind.DropConnection);
        Assert.Equal(SessionState.Idle, d.Fsm.State);
        Assert.Equal(DownReasonKind.AdministrativeStop, d.Fsm.LastDownReason!.Kind);
    }

    [Fact]
    public void GracefulStop_NNegotiated_SendsUnwrappedAdministrativeReset()
    {
        var d = Established(Gr(true), Gr(true));
        var actions = d.Feed(FsmInput.GracefulStop("upgrade"));
        var sent = Assert.Single(actions, a => a.Kind == FsmActionKind.SendNotification).Notification!;
        Assert.False(HardReset.Is(sent));
        Assert.Equal((NotificationCode.Cease, (byte)CeaseSubcode.AdministrativeReset), (sent.Code, sent.Subcode));
        // RFC 9003: the operator's text rides along as with the Administrative Shutdown it replaces.
        Assert.Equal([7, .. "upgrade"u8.ToArray()], sent.Data.ToArray());
        Assert.False(d.Fsm.LastDownReason!.HardReset);
    }

    [Fact]
    public void GracefulStop_LocalNOnly_DropsConnectionWithoutNotification()
    {
        var d = Established(Gr(true), Gr(false));
        var actions = d.Feed(FsmInput.GracefulStop(null));
        Assert.DoesNotContain(actions, a => a.Kind == FsmActionKind.SendNotification);
        Assert.Contains(actions, a => a.Kind == FsmActionKind.DropConnection);
    }

    [Fact]
    public void GracefulStop_PeerWithoutGr_SendsAdministrativeShutdown()
    {
        var d = Established(Gr(true), null);
        var actions = d.Feed(FsmInput.GracefulStop("upgrade"));
        var sent = Assert.Single(actions, a => a.Kind == FsmActionKind.SendNotification).Notification!;
        Assert.Equal((NotificationCode.Cease, (byte)CeaseSubcode.AdministrativeShutdown), (sent.Code, sent.Subcode));
    }

    [Fact]
    public void GracefulStop_NotEstablished_SendsAdministrativeShutdown()
    {
        var d = new FsmDriver(SessionFixtures.Config() with
        {
            Capabilities = [new MultiprotocolCapability(AfiSafi.Ipv4Unicast), Gr(false)],
        });
        d.Feed(FsmInput.ManualStart, FsmInput.TcpCrAcked);
        Assert.Equal(SessionState.OpenSent, d.Fsm.State);
        var actions = d.Feed(FsmInput.GracefulStop(null));
        var sent = Assert.Single(actions, a => a.Kind == FsmActionKind.SendNotification).Notification!;
        Assert.Equal((NotificationCode.Cease, (byte)CeaseSubcode.AdministrativeShutdown), (sent.Code, sent.Subcode));
    }
}
