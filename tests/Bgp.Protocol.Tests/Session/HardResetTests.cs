using Bgp.Protocol.Capabilities;
using Bgp.Protocol.Codec;
using Bgp.Protocol.Messages;
using Bgp.Protocol.Session;
using Bgp.Testing;
using Bgp.Testing.Session;

namespace Bgp.Protocol.Tests.Session;

/// <summary>RFC 8538: the N bit in the negotiated session, Hard Reset wrapping of our Ceases, and decoding a received one.</summary>
public class HardResetTests
{
    private static GracefulRestartCapability Gr(bool n) =>
        new(RestartState: false, NotificationSupport: n, RestartTime: 120, [new GracefulRestartFamily(AfiSafi.Ipv4Unicast, false)]);

    private static FsmDriver Established(bool localN, bool peerN)
    {
        var config = SessionFixtures.Config() with
        {
            Capabilities = [new MultiprotocolCapability(AfiSafi.Ipv4Unicast), new RouteRefreshCapability(), Gr(localN)],
        };
        var d = new FsmDriver(config);
        d.Feed(FsmInput.ManualStart, FsmInput.TcpCrAcked, SessionFixtures.Open(SessionFixtures.PeerOpen(extra: Gr(peerN))), FsmInput.Keepalive);
        Assert.Equal(SessionState.Established, d.Fsm.State);
        return d;
    }

    [Theory]
    [InlineData(true, true, true)]
    [InlineData(true, false, false)]
    [InlineData(false, true, false)]
    [InlineData(false, false, false)]
    public void NegotiatedSession_NBits_NotificationSupportOnlyWhenBothSet(bool localN, bool peerN, bool expected) =>
        Assert.Equal(expected, Established(localN, peerN).Fsm.Negotiated!.NotificationSupport);

    [Fact]
    public void ManualStop_NNegotiated_SendsHardResetCarryingAdministrativeShutdown()
    {
        var d = Established(true, true);
        var actions = d.Feed(FsmInput.ManualStop("maintenance"));
        var sent = Assert.Single(actions, a => a.Kind == FsmActionKind.SendNotification).Notification!;
        Assert.Equal((NotificationCode.Cease, (byte)CeaseSubcode.HardReset), (sent.Code, sent.Subcode));
        // RFC 8538 3: ErrCode, Subcode, then the inner data (here the RFC 9003 shutdown communication).
        Assert.Equal([(byte)NotificationCode.Cease, (byte)CeaseSubcode.AdministrativeShutdown, 11, .. "maintenance"u8.ToArray()], sent.Data.ToArray());
        var down = Assert.Single(actions, a => a.Kind == FsmActionKind.SessionDown).Reason!;
        Assert.Equal((DownReasonKind.AdministrativeStop, NotificationCode.Cease, (byte)CeaseSubcode.AdministrativeShutdown, "maintenance", true),
            (down.Kind, down.Code, down.Subcode, down.Text, down.HardReset));
        Assert.Contains("Administrative Shutdown", down.ToString());
        Assert.Contains("Hard Reset", down.ToString());
    }

    [Fact]
    public void AutomaticStop_MaxPrefixWithNNegotiated_SendsHardResetCarryingTheLimit()
    {
        var d = Established(true, true);
        var inner = new NotificationMessage(NotificationCode.Cease, (byte)CeaseSubcode.MaximumNumberOfPrefixesReached, [0, 1, 1, 0, 0, 0, 10]);
        var actions = d.Feed(new FsmInput(FsmEvent.AutomaticStop, inner));
        var sent = Assert.Single(actions, a => a.Kind == FsmActionKind.SendNotification).Notification!;
        Assert.Equal(HardReset.Wrap(inner), sent);
        Assert.Equal([6, 1, 0, 1, 1, 0, 0, 0, 10], sent.Data.ToArray());
        var down = d.Fsm.LastDownReason!;
        Assert.Equal(((byte)CeaseSubcode.MaximumNumberOfPrefixesReached, true), (down.Subcode, down.HardReset));
    }

    [Fact]
    public void ManualStop_NNotNegotiated_SendsPlainCease()
    {
        var d = Established(true, false);
        var actions = d.Feed(FsmInput.ManualStop(null));
        var sent = Assert.Single(actions, a => a.Kind == FsmActionKind.SendNotification).Notification!;
        Assert.Equal((NotificationCode.Cease, (byte)CeaseSubcode.AdministrativeShutdown), (sent.Code, sent.Subcode));
        Assert.False(d.Fsm.LastDownReason!.HardReset);
    }

    [Theory]
    [InlineData(CeaseSubcode.OtherConfigurationChange)]
    [InlineData(CeaseSubcode.ConnectionCollisionResolution)]
    [InlineData(CeaseSubcode.OutOfResources)]
    public void Stop_NNegotiatedGracefulCease_IsNotWrapped(CeaseSubcode subcode)
    {
        var d = Established(true, true);
        var actions = d.Feed(new FsmInput(FsmEvent.ManualStop, NotificationMessage.Cease(subcode, null)));
        var sent = Assert.Single(actions, a => a.Kind == FsmActionKind.SendNotification).Notification!;
        Assert.Equal((byte)subcode, sent.Subcode);
        Assert.False(d.Fsm.LastDownReason!.HardReset);
    }

    [Fact]
    public void HoldTimerExpired_NNegotiated_SendsHoldTimerExpiredNotHardReset()
    {
        var d = Established(true, true);
        while (d.Fsm.State == SessionState.Established) d.FireNextTimer();
        var down = d.Fsm.LastDownReason!;
        Assert.Equal((DownReasonKind.HoldTimerExpired, NotificationCode.HoldTimerExpired, false), (down.Kind, down.Code, down.HardReset));
    }

    [Fact]
    public void Received_HardReset_NamesInnerNotificationAndText()
    {
        var d = Established(true, true);
        d.Feed(FsmInput.Received(HardReset.Wrap(NotificationMessage.Cease(CeaseSubcode.AdministrativeShutdown, "bye"))));
        var r = d.Fsm.LastDownReason!;
        Assert.Equal((DownReasonKind.NotificationReceived, NotificationCode.Cease, (byte)CeaseSubcode.AdministrativeShutdown, "bye", true),
            (r.Kind, r.Code, r.Subcode, r.Text, r.HardReset));
        Assert.Equal("NOTIFICATION received: Cease / Administrative Shutdown (6/2) in a Hard Reset (6/9) \"bye\"", r.ToString());
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 6 })]
    [InlineData(new byte[] { 0, 2, 5 })]
    public void Received_HardResetWithMalformedInner_IsBareHardResetWithoutThrowing(byte[] data)
    {
        var r = DownReason.Received(FsmEvent.NotifMsg, new NotificationMessage(NotificationCode.Cease, (byte)CeaseSubcode.HardReset, data));
        Assert.Equal((NotificationCode.Cease, (byte)CeaseSubcode.HardReset, true, (string?)null), (r.Code, r.Subcode, r.HardReset, r.Text));
        Assert.Equal("NOTIFICATION received: Cease / Hard Reset (6/9)", r.ToString());
    }

    [Fact]
    public void Received_CorpusHardResetWithoutInnerPart_DecodesAndIsBareHardReset()
    {
        // tcpdump's bgp-malformed-hard-reset: a 6/9 with no data at all, decoded off the wire then recorded.
        var wire = Fixtures.ReadHexLines("pcap-malformed/tcpdump__bgp-malformed-hard-reset.pcap.messages.hex")[0];
        var decoded = BgpDecoder.Decode(wire, CodecOptions.Default);
        Assert.True(decoded.Success, decoded.Error?.ToString());
        var n = Assert.IsType<NotificationMessage>(decoded.Message);
        Assert.False(HardReset.TryUnwrap(n, out _));
        var r = DownReason.Received(FsmEvent.NotifMsg, n);
        Assert.Equal((NotificationCode.Cease, (byte)CeaseSubcode.HardReset, true), (r.Code, r.Subcode, r.HardReset));
    }

    [Fact]
    public void Received_HardResetWithUnknownInnerAndBadShutdownText_DecodesWithoutThrowing()
    {
        // Inner Cease / Administrative Shutdown whose communication length overruns the data, then an unknown code.
        var r = DownReason.Received(FsmEvent.NotifMsg, new NotificationMessage(NotificationCode.Cease, (byte)CeaseSubcode.HardReset, [6, 2, 200, 0x41]));
        Assert.Equal(((byte)CeaseSubcode.AdministrativeShutdown, (string?)null, true), (r.Subcode, r.Text, r.HardReset));
        var unknown = DownReason.Received(FsmEvent.NotifMsg, new NotificationMessage(NotificationCode.Cease, (byte)CeaseSubcode.HardReset, [77, 99]));
        Assert.Equal(((NotificationCode)77, (byte)99, true), (unknown.Code, unknown.Subcode, unknown.HardReset));
        Assert.Contains("in a Hard Reset", unknown.ToString());
    }

    [Fact]
    public void Received_PlainCease_IsNotHardReset()
    {
        var r = DownReason.Received(FsmEvent.NotifMsg, NotificationMessage.Cease(CeaseSubcode.AdministrativeShutdown, null));
        Assert.False(r.HardReset);
    }

    [Fact]
    public void Wrap_ThenTryUnwrap_GivesTheInnerNotification()
    {
        var inner = NotificationMessage.Cease(CeaseSubcode.PeerDeconfigured, "gone");
        Assert.True(HardReset.TryUnwrap(HardReset.Wrap(inner), out var back));
        Assert.Equal(inner, back);
        Assert.False(HardReset.TryUnwrap(inner, out _));
    }
}
