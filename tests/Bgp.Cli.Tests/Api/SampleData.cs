using Bgp.Api.V1;

namespace Bgp.Cli.Tests.Api;

/// <summary>Canned peers and routes: one of each shape a table must align (IPv6, 10-digit AS, absent MED, link-local next hop).</summary>
public static class SampleData
{
    public static Peer Established() => new()
    {
        Address = "192.0.2.1",
        Asn = 64512,
        State = SessionState.Established,
        Enabled = true,
        UptimeSeconds = 3723,
        StateSince = FakeBgpService.At(10, 27, 11),
        Config = new PeerConfig { PeerIp = "192.0.2.1", AsNumber = 64512, Description = "core-1", Families = { Family.Ipv4 } },
        Counters = new PeerCounters { PrefixesReceived = 10, PrefixesAccepted = 9, PrefixesAdvertised = 5, MessagesIn = 20, UpdatesIn = 4 },
        Negotiated = new NegotiatedCapabilities
        {
            HoldTime = 90, KeepaliveTime = 30, PeerRouterId = "192.0.2.1", Families = { Family.Ipv4 }, FourOctetAs = true, RouteRefresh = true,
            PeerCapabilities = { "multiprotocol", "route-refresh", "4-octet-as" }, LocalAddress = "192.0.2.254", LocalPort = 179, RemotePort = 40000,
        },
    };

    public static Peer Active() => new()
    {
        Address = "2001:db8::2",
        Asn = 4200000000,
        State = SessionState.Active,
        Enabled = true,
        Config = new PeerConfig { PeerIp = "2001:db8::2", AsNumber = 4200000000 },
        Counters = new PeerCounters(),
        LastError = new PeerError { Text = "received NOTIFICATION 6/2 Administrative Shutdown", Code = 6, Subcode = 2, At = FakeBgpService.At(11, 0, 0) },
    };

    public static Peer Disabled() => new()
    {
        Address = "192.0.2.3",
        Asn = 64513,
        State = SessionState.Idle,
        Enabled = false,
        IsInternal = true,
        Config = new PeerConfig { PeerIp = "192.0.2.3", AsNumber = 64513, Description = "lab" },
        Counters = new PeerCounters(),
    };

    public static Route Best() => new()
    {
        Prefix = "10.0.0.0/24", Family = Family.Ipv4, NextHop = "192.0.2.1", AsPath = "64512 64513", Origin = Origin.Igp, LocalPref = 100,
        Communities = { "65000:100", "no-export" }, Peer = "192.0.2.1", Best = true,
    };

    public static Route Candidate() => new()
    {
        Prefix = "10.0.0.0/24", Family = Family.Ipv4, NextHop = "192.0.2.3", AsPath = "64513 64514 {64515 64516}", Origin = Origin.Incomplete,
        LocalPref = 100, Med = 50, Peer = "192.0.2.3", Multipath = true,
    };

    public static Route V6() => new()
    {
        Prefix = "2001:db8:1::/48", Family = Family.Ipv6, NextHop = "2001:db8::2", NextHopLinkLocal = "fe80::2", AsPath = "4200000000",
        Origin = Origin.Egp, Med = 0, LargeCommunities = { "4200000000:1:2" }, Peer = "2001:db8::2", Best = true, Stale = true,
    };

    /// <summary>A /32 inside 10.0.0.0/8 for every index: cheap, distinct and made on demand.</summary>
    public static Route Numbered(int i) => new()
    {
        Prefix = $"10.{(i >> 16) & 0xFF}.{(i >> 8) & 0xFF}.{i & 0xFF}/32", Family = Family.Ipv4, NextHop = "192.0.2.1", AsPath = "64512",
        Origin = Origin.Igp, LocalPref = 100, Peer = "192.0.2.1", Best = true,
    };
}
