using Bgp.Interop.Tests.Harness;
using Bgp.Protocol;

namespace Bgp.Interop.Tests.SelfTests;

/// <summary>
/// HARNESS SELF-TESTS: the three view parsers on output recorded from BIRD 2.0.12, GoBGP 3.10 and
/// FRR 8.4.4 on this project's machines, so a format change shows up as a parser failure here rather
/// than as a puzzling interop failure.
/// </summary>
public sealed class NeighborViewParserTests
{
    [Fact]
    public void BirdParse_ShowProtocolsAll_ReadsStateAsAndBothCapabilityLists()
    {
        const string text = """
            BIRD 2.0.12 ready.
            Name       Proto      Table      State  Since         Info
            p4         BGP        ---        up     09:35:43.444  Established
              BGP state:          Established
                Neighbor address: 10.255.0.2
                Neighbor AS:      4200000002
                Local AS:         4200000001
                Neighbor ID:      10.255.0.2
                Local capabilities
                  Multiprotocol
                    AF announced: ipv4 ipv6
                  Route refresh
                  Graceful restart
                  4-octet AS numbers
                  Enhanced refresh
                  Long-lived graceful restart
                Neighbor capabilities
                  Multiprotocol
                    AF announced: ipv6
                  Route refresh
                  Extended message
                  4-octet AS numbers
                  ADD-PATH
                    RX: ipv4 ipv6
                    TX:
                  Hostname: frrpeer
                Session:          external AS4
                Source address:   10.255.0.1
            """;
        var v = BirdDaemon.Parse(text);
        Assert.True(v.Established);
        Assert.Equal(4200000002u, v.PeerAs);
        Assert.Equal(new HashSet<PeerCapability> { PeerCapability.Multiprotocol, PeerCapability.RouteRefresh, PeerCapability.GracefulRestart,
            PeerCapability.FourOctetAs, PeerCapability.EnhancedRouteRefresh, PeerCapability.LongLivedGracefulRestart }, v.Sent.ToHashSet());
        Assert.Equal(new HashSet<PeerCapability> { PeerCapability.Multiprotocol, PeerCapability.RouteRefresh, PeerCapability.ExtendedMessage,
            PeerCapability.FourOctetAs, PeerCapability.AddPath, PeerCapability.Fqdn }, v.Received.ToHashSet());
        Assert.Equal(new HashSet<AfiSafi> { AfiSafi.Ipv4Unicast, AfiSafi.Ipv6Unicast }, v.SentFamilies.ToHashSet());
        Assert.Equal(new HashSet<AfiSafi> { AfiSafi.Ipv6Unicast }, v.ReceivedFamilies.ToHashSet());
    }

    [Fact]
    public void GoBgpParse_NeighborJson_DecodesCapabilityAnys()
    {
        const string json = """
            {"conf":{"local_asn":4200000001,"neighbor_address":"10.255.0.2","peer_asn":4200000002},
             "state":{"neighbor_address":"10.255.0.2","peer_asn":4200000002,"session_state":6,
              "remote_cap":[
               {"type_url":"type.googleapis.com/apipb.FourOctetASNCapability","value":"CILU29IP"},
               {"type_url":"type.googleapis.com/apipb.UnknownCapability","value":"CAY="},
               {"type_url":"type.googleapis.com/apipb.MultiProtocolCapability","value":"CgQIAhAB"}],
              "local_cap":[
               {"type_url":"type.googleapis.com/apipb.RouteRefreshCapability"},
               {"type_url":"type.googleapis.com/apipb.MultiProtocolCapability","value":"CgQIARAB"},
               {"type_url":"type.googleapis.com/apipb.FourOctetASNCapability","value":"CIHU29IP"}]}}
            """;
        var v = GoBgpDaemon.Parse(json);
        Assert.True(v.Established);
        Assert.Equal(4200000002u, v.PeerAs);
        Assert.Equal(new HashSet<PeerCapability> { PeerCapability.FourOctetAs, PeerCapability.ExtendedMessage, PeerCapability.Multiprotocol }, v.Received.ToHashSet());
        Assert.Equal(new HashSet<PeerCapability> { PeerCapability.RouteRefresh, PeerCapability.Multiprotocol, PeerCapability.FourOctetAs }, v.Sent.ToHashSet());
        Assert.Equal(new HashSet<AfiSafi> { AfiSafi.Ipv6Unicast }, v.ReceivedFamilies.ToHashSet());
        Assert.Equal(new HashSet<AfiSafi> { AfiSafi.Ipv4Unicast }, v.SentFamilies.ToHashSet());
    }

    [Fact]
    public void FrrParse_NeighborJson_SplitsAdvertisedFromReceived()
    {
        const string json = """
            {"10.255.0.1":{"remoteAs":4200000001,"bgpState":"Established",
             "neighborCapabilities":{
              "4byteAs":"advertisedAndReceived",
              "extendedMessage":"advertised",
              "addPath":{"ipv4Unicast":{"rxAdvertised":true}},
              "routeRefresh":"advertisedAndReceivedNew",
              "gracefulRestartCapability":"received",
              "multiprotocolExtensions":{"ipv4Unicast":{"advertisedAndReceived":true},"ipv6Unicast":{"advertised":true}},
              "hostName":{"advHostName":"frrpeer","advDomainName":"n\/a"}}}}
            """;
        var v = FrrDaemon.Parse(json, "10.255.0.1");
        Assert.True(v.Established);
        Assert.Equal(4200000001u, v.PeerAs);
        Assert.Equal(new HashSet<PeerCapability> { PeerCapability.FourOctetAs, PeerCapability.ExtendedMessage, PeerCapability.AddPath,
            PeerCapability.RouteRefresh, PeerCapability.Multiprotocol, PeerCapability.Fqdn }, v.Sent.ToHashSet());
        Assert.Equal(new HashSet<PeerCapability> { PeerCapability.FourOctetAs, PeerCapability.RouteRefresh, PeerCapability.GracefulRestart,
            PeerCapability.Multiprotocol }, v.Received.ToHashSet());
        Assert.Equal(new HashSet<AfiSafi> { AfiSafi.Ipv4Unicast, AfiSafi.Ipv6Unicast }, v.SentFamilies.ToHashSet());
        Assert.Equal(new HashSet<AfiSafi> { AfiSafi.Ipv4Unicast }, v.ReceivedFamilies.ToHashSet());
    }
}
