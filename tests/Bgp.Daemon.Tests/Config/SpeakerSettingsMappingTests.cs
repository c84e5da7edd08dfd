using System.Net;
using Bgp.Daemon.Config;
using Bgp.Protocol;

namespace Bgp.Daemon.Tests.Config;

public class SpeakerSettingsMappingTests
{
    private static BgpdConfig Full()
    {
        var result = ConfigLoader.Load(ConfigText.Fixture("full.yaml"));
        Assert.True(result.Success, result.FormatErrors());
        return result.Config;
    }

    [Fact]
    public void ToSpeakerSettings_FullConfig_SpeakerFieldsMapped()
    {
        var s = Full().ToSpeakerSettings();

        Assert.Equal(4200000001u, s.LocalAs);
        Assert.Equal(RouterId.Parse("10.0.0.1"), s.RouterId);
        Assert.Equal(IPAddress.Parse("10.0.0.1"), s.ListenAddress);
        Assert.Equal(1179, s.ListenPort);
        Assert.Equal(2, s.Peers.Length);
    }

    [Fact]
    public void ToSpeakerSettings_FullConfig_EveryPeerFieldMapped()
    {
        var rr = Full().ToSpeakerSettings().Peers[0];

        Assert.Equal(IPAddress.Parse("10.0.0.2"), rr.Address);
        Assert.Equal(1790, rr.Port);
        Assert.Equal(4200000001u, rr.PeerAs);
        Assert.True(rr.Passive);
        Assert.Equal("correct horse", rr.Password);
        Assert.True(rr.TtlSecurity);
        Assert.Equal(2, rr.TtlSecurityHops);
        Assert.Equal(IPAddress.Parse("10.0.0.1"), rr.SourceAddress);
        Assert.Equal(30, rr.HoldTime);
        Assert.Equal((ushort)5, rr.KeepaliveTime);
        Assert.Equal<AfiSafi>([AfiSafi.Ipv6Unicast, AfiSafi.Ipv4Unicast], rr.Families);

        var v6 = Full().ToSpeakerSettings().Peers[1];
        Assert.Equal(new IPEndPoint(IPAddress.Parse("2001:db8::2"), 1791), v6.EndPoint);
        Assert.Equal(64999u, v6.PeerAs);
        Assert.False(v6.Passive);
        Assert.Null(v6.Password);
        Assert.True(v6.TtlSecurity);
        Assert.Equal(1, v6.TtlSecurityHops);
        Assert.Null(v6.SourceAddress);
        Assert.Equal(0, v6.HoldTime);
        Assert.Null(v6.KeepaliveTime);
        Assert.Equal<AfiSafi>([AfiSafi.Ipv6Unicast], v6.Families);
    }

    [Fact]
    public void ToSpeakerSettings_NoTtlSecurity_GtsmOff()
    {
        var c = ConfigText.Valid(ConfigText.Minimal + "peers:\n  - { peerIP: 192.0.2.2, asNumber: 64512 }");
        var p = c.ToSpeakerSettings().Peers[0];
        Assert.False(p.TtlSecurity);
        Assert.Equal(IPAddress.IPv6Any, c.ToSpeakerSettings().ListenAddress);
        Assert.Equal(BgpConstants.BgpPort, c.ToSpeakerSettings().ListenPort);
    }

    [Fact]
    public void ToSpeakerSettings_ThenFsmConfig_OffersTheConfiguredFamiliesAndTimers()
    {
        // The whole path the daemon takes: YAML -> PeerSettings -> the FSM's PeerConfig.
        var speaker = ConfigText.Valid(ConfigText.Minimal +
            "peers:\n  - { peerIP: 192.0.2.2, asNumber: 64513, holdTime: 9, keepaliveTime: 3, families: [ipv4, ipv6], passive: true }").ToSpeakerSettings();
        var fsm = speaker.Peers[0].ToPeerConfig(speaker);

        Assert.Equal(64512u, fsm.LocalAs);
        Assert.Equal(64513u, fsm.PeerAs);
        Assert.Equal(RouterId.Parse("192.0.2.1"), fsm.LocalBgpId);
        Assert.Equal(9, fsm.HoldTime);
        Assert.Equal((ushort)3, fsm.KeepaliveTime);
        Assert.True(fsm.PassiveTcpEstablishment);
        Assert.Equal(3, fsm.Capabilities.Length); // two Multiprotocol + Route Refresh
    }
}
