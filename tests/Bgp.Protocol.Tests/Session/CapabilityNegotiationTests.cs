using System.Collections.Immutable;
using Bgp.Protocol.Capabilities;
using Bgp.Protocol.Messages;
using Bgp.Protocol.Session;
using Bgp.Testing.Session;

namespace Bgp.Protocol.Tests.Session;

/// <summary>What two OPENs agree (RFC 5492, RFC 4760, RFC 6793, RFC 7911, RFC 8654, RFC 4271 4.2).</summary>
public class CapabilityNegotiationTests
{
    private static readonly AfiSafi V4 = AfiSafi.Ipv4Unicast;
    private static readonly AfiSafi V6 = AfiSafi.Ipv6Unicast;
    private static readonly AfiSafi V4Vpn = new(Afi.Ipv4, Safi.MplsVpn);

    [Theory]
    [InlineData(90, 90, null, 90, 30)]
    [InlineData(90, 30, null, 30, 10)]
    [InlineData(30, 180, null, 30, 10)]
    [InlineData(90, 0, null, 0, 0)]
    [InlineData(0, 90, null, 0, 0)]
    [InlineData(3, 90, null, 3, 1)]
    [InlineData(10, 10, null, 10, 3)]
    [InlineData(90, 90, 10, 90, 10)]
    [InlineData(90, 30, 20, 30, 10)]
    [InlineData(90, 0, 20, 0, 0)]
    public void Timers_OursAndPeers_HoldIsMinAndKeepaliveAThird(int ours, int peers, int? keepalive, int hold, int expectedKeepalive)
    {
        var (h, k) = CapabilityNegotiation.Timers((ushort)ours, (ushort)peers, (ushort?)keepalive);
        Assert.Equal(hold, h);
        Assert.Equal(expectedKeepalive, k);
    }

    public static TheoryData<AfiSafi[], AfiSafi[], AfiSafi[]> FamilyCases() => new()
    {
        { [V4, V6], [V6, V4], [V4, V6] },
        { [V4, V6], [V6], [V6] },
        { [V4], [V6], [] },
        { [], [], [V4] },                 // no MP capability on either side: IPv4 unicast implied (RFC 4760 8)
        { [], [V6], [] },                 // one side implies IPv4 unicast only
        { [V4, V6, V4Vpn], [V4Vpn, V4], [V4, V4Vpn] },
    };

    [Theory]
    [MemberData(nameof(FamilyCases))]
    public void Negotiate_Families_AreTheIntersection(AfiSafi[] ours, AfiSafi[] theirs, AfiSafi[] expected)
    {
        var s = Negotiate(Mp(ours), Mp(theirs));
        Assert.Equal(expected, s.Families.ToArray());
    }

    public static TheoryData<AddPathDirection, AddPathDirection, AddPathDirection> AddPathCases() => new()
    {
        { AddPathDirection.Receive, AddPathDirection.Send, AddPathDirection.Receive },
        { AddPathDirection.Send, AddPathDirection.Receive, AddPathDirection.Send },
        { AddPathDirection.Both, AddPathDirection.Both, AddPathDirection.Both },
        { AddPathDirection.Both, AddPathDirection.Send, AddPathDirection.Receive },
        { AddPathDirection.Receive, AddPathDirection.Receive, AddPathDirection.None },
        { AddPathDirection.Send, AddPathDirection.Send, AddPathDirection.None },
    };

    [Theory]
    [MemberData(nameof(AddPathCases))]
    public void Negotiate_AddPath_DirectionsFromOurSide(AddPathDirection ours, AddPathDirection theirs, AddPathDirection expected)
    {
        var s = Negotiate(
            [new MultiprotocolCapability(V4), new AddPathCapability([new AddPathFamily(V4, ours)])],
            [new MultiprotocolCapability(V4), new AddPathCapability([new AddPathFamily(V4, theirs)])]);
        Assert.Equal(expected, s.AddPathFor(V4));
        Assert.Equal((expected & AddPathDirection.Receive) != 0, s.CodecOptions.ReceivesPathId(V4));
        Assert.Equal((expected & AddPathDirection.Send) != 0, s.CodecOptions.SendsPathId(V4));
    }

    [Fact]
    public void Negotiate_AddPathForUnsharedFamily_IsDropped()
    {
        var s = Negotiate(
            [new MultiprotocolCapability(V4), new MultiprotocolCapability(V6), new AddPathCapability([new AddPathFamily(V6, AddPathDirection.Both)])],
            [new MultiprotocolCapability(V4), new AddPathCapability([new AddPathFamily(V6, AddPathDirection.Both)])]);
        Assert.Empty(s.AddPath);
        Assert.Empty(s.CodecOptions.AddPathReceive);
    }

    [Fact]
    public void Negotiate_FourOctetAsWithAsTrans_UsesCapabilityValue()
    {
        var config = SessionFixtures.Config() with { LocalAs = 4200000001, PeerAs = 4200000002 };
        var local = config.BuildOpen();
        Assert.Equal(BgpConstants.AsTrans, local.MyAs);
        Assert.Equal(4200000001u, local.Find<FourOctetAsCapability>()!.Asn);
        var peer = SessionFixtures.PeerOpen(asn: 4200000002);
        Assert.Null(OpenChecks.Check(config, peer));
        var s = CapabilityNegotiation.Negotiate(config, local, peer);
        Assert.Equal(4200000002u, s.PeerAs);
        Assert.True(s.FourOctetAs);
        Assert.True(s.CodecOptions.FourOctetAs);
    }

    [Fact]
    public void Negotiate_PeerWithoutFourOctetAs_TwoOctetCodec()
    {
        var s = Negotiate([new MultiprotocolCapability(V4)], [new MultiprotocolCapability(V4)], peerFourOctet: false);
        Assert.False(s.FourOctetAs);
        Assert.False(s.CodecOptions.FourOctetAs);
        Assert.Equal(SessionFixtures.PeerAs, s.PeerAs);
    }

    [Theory]
    [InlineData(true, true, true)]
    [InlineData(true, false, false)]
    [InlineData(false, true, false)]
    public void Negotiate_ExtendedMessageAndRouteRefresh_NeedBothSides(bool ours, bool theirs, bool expected)
    {
        Capability[] Caps(bool on) => on
            ? [new MultiprotocolCapability(V4), new ExtendedMessageCapability(), new RouteRefreshCapability(), new EnhancedRouteRefreshCapability()]
            : [new MultiprotocolCapability(V4)];
        var s = Negotiate(Caps(ours), Caps(theirs));
        Assert.Equal(expected, s.ExtendedMessage);
        Assert.Equal(expected, s.CodecOptions.ExtendedMessage);
        Assert.Equal(expected ? 65535 : 4096, s.CodecOptions.MaxMessageLength);
        Assert.Equal(expected, s.RouteRefresh);
        Assert.Equal(expected, s.EnhancedRouteRefresh);
    }

    [Fact]
    public void Negotiate_GracefulRestartRoleAndNextHop_CarriesPeersParameters()
    {
        var gr = new GracefulRestartCapability(true, true, 120, [new GracefulRestartFamily(V4, true)]);
        var nhBoth = new ExtendedNextHopEntry(V4, Afi.Ipv6);
        var nhOurs = new ExtendedNextHopEntry(V4Vpn, Afi.Ipv6);
        var config = SessionFixtures.Config() with
        {
            LocalRole = BgpRole.Customer,
            Capabilities = [new MultiprotocolCapability(V4), new ExtendedNextHopCapability([nhBoth, nhOurs])],
        };
        var peer = SessionFixtures.PeerOpen(extra: [gr, new RoleCapability(BgpRole.Provider), new ExtendedNextHopCapability([nhBoth])]);
        var s = CapabilityNegotiation.Negotiate(config, config.BuildOpen(), peer);
        Assert.Equal(gr, s.PeerGracefulRestart);
        Assert.Equal(BgpRole.Customer, s.LocalRole);
        Assert.Equal(BgpRole.Provider, s.PeerRole);
        Assert.Equal([nhBoth], s.ExtendedNextHop.ToArray());
        Assert.False(s.IsInternal);
    }

    [Fact]
    public void Established_Reached_ReportsNegotiatedSessionAndTimers()
    {
        var d = new FsmDriver(SessionFixtures.Config() with { HoldTime = 180, KeepaliveTime = 100 });
        d.Feed(FsmInput.ManualStart, FsmInput.TcpCrAcked);
        var confirm = d.Feed(SessionFixtures.Open(SessionFixtures.PeerOpen(holdTime: 60)));
        Assert.Contains(FsmAction.StartTimer(FsmTimer.Hold, TimeSpan.FromSeconds(60)), confirm);
        Assert.Contains(FsmAction.StartTimer(FsmTimer.Keepalive, TimeSpan.FromSeconds(20)), confirm);
        // RFC 9687 3: max(8 minutes, 2 x hold time).
        Assert.Contains(FsmAction.StartTimer(FsmTimer.SendHold, TimeSpan.FromMinutes(8)), confirm);
        var up = d.Feed(FsmInput.Keepalive);
        var session = Assert.Single(up, a => a.Kind == FsmActionKind.SessionEstablished).Session!;
        Assert.Equal(60, session.HoldTime);
        Assert.Equal(20, session.KeepaliveTime);
        Assert.Same(session, d.Fsm.Negotiated);
    }

    private static NegotiatedSession Negotiate(Capability[] ours, Capability[] theirs, bool peerFourOctet = true)
    {
        var config = SessionFixtures.Config() with { Capabilities = [.. ours] };
        var caps = ImmutableArray.CreateRange(theirs);
        if (peerFourOctet) caps = caps.Add(new FourOctetAsCapability(SessionFixtures.PeerAs));
        var peer = new OpenMessage { MyAs = (ushort)SessionFixtures.PeerAs, HoldTime = 90, BgpIdentifier = SessionFixtures.PeerId, Capabilities = caps };
        Assert.Null(OpenChecks.Check(config, peer));
        return CapabilityNegotiation.Negotiate(config, config.BuildOpen(), peer);
    }

    private static Capability[] Mp(AfiSafi[] families) => [.. families.Select(f => new MultiprotocolCapability(f))];
}
