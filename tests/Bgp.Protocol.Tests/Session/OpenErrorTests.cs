using Bgp.Protocol.Capabilities;
using Bgp.Protocol.Messages;
using Bgp.Protocol.Session;
using Bgp.Testing.Session;

namespace Bgp.Protocol.Tests.Session;

/// <summary>OPEN checks of RFC 4271 6.2, RFC 6286, RFC 6793, RFC 9234 and RFC 5492 5, with the exact NOTIFICATION.</summary>
public class OpenErrorTests
{
    public static TheoryData<string, PeerConfig, OpenMessage, byte, string> Cases() => new()
    {
        { "wrong peer AS (2-octet)", SessionFixtures.Config(), Open(myAs: 65003, caps: []), 2, "FD-EB" },
        { "wrong peer AS (4-octet capability)", SessionFixtures.Config(), SessionFixtures.PeerOpen(asn: 4200000000), 2, "FA-56-EA-00" },
        { "AS_TRANS without 4-octet capability", SessionFixtures.Config() with { PeerAs = 23456 + 1 }, Open(myAs: BgpConstants.AsTrans, caps: []), 2, "5B-A0" },
        { "AS 0 in 4-octet capability", SessionFixtures.Config(), SessionFixtures.PeerOpen(asn: 0), 2, "00-00-00-00" },
        { "hold time 1", SessionFixtures.Config(), SessionFixtures.PeerOpen(holdTime: 1), 6, "" },
        { "hold time 2", SessionFixtures.Config(), SessionFixtures.PeerOpen(holdTime: 2), 6, "" },
        { "hold time below configured minimum", SessionFixtures.Config() with { MinHoldTime = 10 }, SessionFixtures.PeerOpen(holdTime: 9), 6, "" },
        { "hold time 0 not allowed", SessionFixtures.Config() with { AllowZeroHoldTime = false }, SessionFixtures.PeerOpen(holdTime: 0), 6, "" },
        { "BGP identifier 0", SessionFixtures.Config(), SessionFixtures.PeerOpen(id: 0), 3, "" },
        { "iBGP peer with our identifier", Ibgp(), SessionFixtures.PeerOpen(asn: SessionFixtures.LocalAs, id: SessionFixtures.LocalId), 3, "" },
        { "role pair provider/provider", Role(BgpRole.Provider), SessionFixtures.PeerOpen(extra: new RoleCapability(BgpRole.Provider)), 11, "" },
        { "role pair customer/peer", Role(BgpRole.Customer), SessionFixtures.PeerOpen(extra: new RoleCapability(BgpRole.Peer)), 11, "" },
        { "no role in strict mode", Role(BgpRole.Customer) with { StrictRole = true }, SessionFixtures.PeerOpen(), 11, "" },
        { "required family missing", SessionFixtures.Config() with { RequiredFamilies = [AfiSafi.Ipv6Unicast] }, SessionFixtures.PeerOpen(), 7, "01-04-00-02-00-01" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void OpenSent_BadOpen_SendsOpenMessageErrorAndGoesIdle(string name, PeerConfig config, OpenMessage open, byte subcode, string dataHex)
    {
        var d = new FsmDriver(config);
        d.Feed(FsmInput.ManualStart, FsmInput.TcpCrAcked);
        var actions = d.Feed(SessionFixtures.Open(open));

        var sent = Assert.Single(actions, a => a.Kind == FsmActionKind.SendNotification).Notification!;
        Assert.True(NotificationCode.OpenMessageError == sent.Code, name);
        Assert.Equal(subcode, sent.Subcode);
        Assert.Equal(dataHex, BitConverter.ToString([.. sent.Data]));
        Assert.Equal(SessionState.Idle, d.Fsm.State);
        Assert.Equal(DownReasonKind.NotificationSent, d.Fsm.LastDownReason!.Kind);
        Assert.Equal(subcode, d.Fsm.LastDownReason.Subcode);
        Assert.DoesNotContain(actions, a => a.Kind is FsmActionKind.SendKeepalive or FsmActionKind.SessionEstablished);
    }

    public static TheoryData<string, PeerConfig, OpenMessage> Acceptable() => new()
    {
        { "4-octet AS with AS_TRANS", SessionFixtures.Config() with { PeerAs = 4200000000 }, SessionFixtures.PeerOpen(asn: 4200000000) },
        { "any AS when PeerAs is 0", SessionFixtures.Config() with { PeerAs = 0 }, SessionFixtures.PeerOpen(asn: 64777) },
        { "eBGP peer with our identifier (RFC 6286 allows it)", SessionFixtures.Config(), SessionFixtures.PeerOpen(id: SessionFixtures.LocalId) },
        { "hold time 0", SessionFixtures.Config(), SessionFixtures.PeerOpen(holdTime: 0) },
        { "hold time 3", SessionFixtures.Config(), SessionFixtures.PeerOpen(holdTime: 3) },
        { "role pair provider/customer", Role(BgpRole.Provider), SessionFixtures.PeerOpen(extra: new RoleCapability(BgpRole.Customer)) },
        { "role pair rs/rs-client", Role(BgpRole.RouteServer), SessionFixtures.PeerOpen(extra: new RoleCapability(BgpRole.RouteServerClient)) },
        { "no role, not strict", Role(BgpRole.Peer), SessionFixtures.PeerOpen() },
        { "unshared family is no error by default", SessionFixtures.Config() with { Capabilities = [new MultiprotocolCapability(AfiSafi.Ipv6Unicast)] }, SessionFixtures.PeerOpen() },
        { "role ignored on iBGP", Ibgp() with { LocalRole = BgpRole.Provider, StrictRole = true }, SessionFixtures.PeerOpen(asn: SessionFixtures.LocalAs) },
    };

    [Theory]
    [MemberData(nameof(Acceptable))]
    public void OpenSent_AcceptableOpen_SendsKeepaliveAndGoesOpenConfirm(string name, PeerConfig config, OpenMessage open)
    {
        var d = new FsmDriver(config);
        d.Feed(FsmInput.ManualStart, FsmInput.TcpCrAcked);
        var actions = d.Feed(SessionFixtures.Open(open));
        Assert.True(d.Fsm.State == SessionState.OpenConfirm, name);
        Assert.Contains(actions, a => a.Kind == FsmActionKind.SendKeepalive);
        Assert.DoesNotContain(actions, a => a.Kind == FsmActionKind.SendNotification);
    }

    [Fact]
    public void Connect_BadOpenWhileDelayOpen_SendsNothingUnlessSendNotificationWithoutOpen()
    {
        foreach (bool sendWithoutOpen in new[] { false, true })
        {
            var d = new FsmDriver(SessionFixtures.Config() with { DelayOpen = true, SendNotificationWithoutOpen = sendWithoutOpen });
            d.Feed(FsmInput.ManualStart, FsmInput.TcpCrAcked);
            var actions = d.Feed(SessionFixtures.Open(SessionFixtures.PeerOpen(asn: 1)));
            Assert.Equal(sendWithoutOpen, actions.Any(a => a.Kind == FsmActionKind.SendNotification));
            Assert.DoesNotContain(actions, a => a.Kind == FsmActionKind.SendOpen);
            Assert.Equal(SessionState.Idle, d.Fsm.State);
        }
    }

    private static OpenMessage Open(ushort myAs, Capability[] caps) => new()
    {
        MyAs = myAs,
        HoldTime = 90,
        BgpIdentifier = SessionFixtures.PeerId,
        Capabilities = [.. caps],
    };

    private static PeerConfig Ibgp() => SessionFixtures.Config() with { PeerAs = SessionFixtures.LocalAs };

    private static PeerConfig Role(BgpRole role) => SessionFixtures.Config() with { LocalRole = role };
}
