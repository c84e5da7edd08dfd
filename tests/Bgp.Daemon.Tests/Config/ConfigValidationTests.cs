using Bgp.Daemon.Config;

namespace Bgp.Daemon.Tests.Config;

/// <summary>One test per validation rule, each asserting the whole message: file, line:column, key path, reason.</summary>
public class ConfigValidationTests
{
    /// <summary>A peer 192.0.2.2 (iBGP, AS 64512) on lines 3-5; <paramref name="lines"/> are its further keys from line 6 (value at column len(key)+7).</summary>
    private static ConfigLoadResult Peer(params string[] lines) =>
        ConfigText.WithMinimal("peers:\n  - peerIP: 192.0.2.2\n    asNumber: 64512\n" + string.Concat(lines.Select(l => $"    {l}\n")));

    private static void AssertErrors(ConfigLoadResult result, params string[] expected) =>
        Assert.Equal(expected, ConfigText.Errors(result));

    [Theory]
    [InlineData("asNumber: 0\nrouterId: 192.0.2.1\n", "test.yaml:1:11: asNumber: AS 0 is reserved (RFC 7607)")]
    [InlineData("asNumber: 4294967296\nrouterId: 192.0.2.1\n", "test.yaml:1:11: asNumber: must be between 1 and 4294967295, got 4294967296")]
    [InlineData("asNumber: -5\nrouterId: 192.0.2.1\n", "test.yaml:1:11: asNumber: must be between 1 and 4294967295, got -5")]
    [InlineData("asNumber: 23456\nrouterId: 192.0.2.1\n",
        "test.yaml:1:11: asNumber: 23456 is AS_TRANS (RFC 6793), a placeholder that must not be configured as an AS number")]
    [InlineData("asNumber: \"64512\"\nrouterId: 192.0.2.1\n", "test.yaml:1:11: asNumber: expected an integer, got the string \"64512\"")]
    [InlineData("routerId: 192.0.2.1\n", "test.yaml:1:1: asNumber: is required")]
    [InlineData("asNumber: 64512\n", "test.yaml:1:1: routerId: is required")]
    [InlineData("asNumber: 64512\nrouterId: 0.0.0.0\n", "test.yaml:2:11: routerId: must not be 0.0.0.0 (RFC 6286: the BGP Identifier is non-zero)")]
    [InlineData("asNumber: 64512\nrouterId: 10\n", "test.yaml:2:11: routerId: '10' is not a dotted-quad IPv4 address")]
    [InlineData("asNumber: 64512\nrouterId: 2001:db8::1\n", "test.yaml:2:11: routerId: '2001:db8::1' is not a dotted-quad IPv4 address")]
    public void Parse_BadGlobalIdentity_NamesKeyAndReason(string yaml, string expected) =>
        AssertErrors(ConfigText.Parse(yaml), expected);

    [Theory]
    [InlineData("listen: { port: 0 }", "test.yaml:3:17: listen.port: must be between 1 and 65535, got 0")]
    [InlineData("listen: { address: 10.0.0 }", "test.yaml:3:20: listen.address: '10.0.0' is not an IPv4 or IPv6 address")]
    [InlineData("listen: { address: \"[::1]:179\" }", "test.yaml:3:20: listen.address: '[::1]:179' is not an IPv4 or IPv6 address")]
    [InlineData("api: { port: 65536 }", "test.yaml:3:14: api.port: must be between 1 and 65535, got 65536")]
    [InlineData("health: { port: 0 }", "test.yaml:3:17: health.port: must be between 1 and 65535, got 0")]
    [InlineData("health: { readinessGraceSeconds: 4000 }", "test.yaml:3:34: health.readinessGraceSeconds: must be between 0 and 3600, got 4000")]
    [InlineData("api: { address: 0.0.0.0 }",
        "test.yaml:3:6: api.tls: is required when api.address (0.0.0.0) is not a loopback address: certFile and keyFile, and clientCaFile for mutual TLS")]
    [InlineData("api: { address: 0.0.0.0, tls: { certFile: /nonexistent/c.pem } }",
        "test.yaml:3:31: api.tls.keyFile: is required", "test.yaml:3:43: api.tls.certFile: file not found: /nonexistent/c.pem")]
    [InlineData("routeReflectorClusterId: 0.0.0.0",
        "test.yaml:3:26: routeReflectorClusterId: must not be 0.0.0.0 (RFC 6286: the BGP Identifier is non-zero)")]
    [InlineData("prefixes: [10.244.1.1/26]", "test.yaml:3:12: prefixes[0]: '10.244.1.1/26' has host bits set; the prefix is 10.244.1.0/26")]
    [InlineData("prefixes: [10.244.1.0]", "test.yaml:3:12: prefixes[0]: '10.244.1.0' is not a CIDR prefix (address/length)")]
    [InlineData("prefixes: [10.0.0.0/33]", "test.yaml:3:12: prefixes[0]: '10.0.0.0/33' is not a CIDR prefix (address/length)")]
    [InlineData("prefixes: [10.0.0.0/8, 10.0.0.0/8]", "test.yaml:3:24: prefixes[1]: 10.0.0.0/8 is listed twice (also prefixes[0])")]
    [InlineData("prefixes: [\"fd00::1/64\"]", "test.yaml:3:12: prefixes[0]: 'fd00::1/64' has host bits set; the prefix is fd00::/64")]
    [InlineData("kernel: { table: 0 }", "test.yaml:3:18: kernel.table: must be between 1 and 4294967295 (0 is RT_TABLE_UNSPEC), got 0")]
    [InlineData("kernel: { table: 255 }", "test.yaml:3:18: kernel.table: table 255 is the kernel's local table (its own addresses), not for routes")]
    [InlineData("kernel: { protocol: 4 }", "test.yaml:3:21: kernel.protocol: must be between 5 and 255 (0-4 belong to the kernel and static routes), got 4")]
    [InlineData("kernel: { enabled: yes }", "test.yaml:3:20: kernel.enabled: expected true or false, got 'yes'")]
    [InlineData("gracefulRestart: { restartTime: 4096 }",
        "test.yaml:3:33: gracefulRestart.restartTime: must be between 1 and 4095 (a 12-bit field, RFC 4724 3), got 4096")]
    [InlineData("gracefulRestart: { selectionDeferralTime: 0 }",
        "test.yaml:3:43: gracefulRestart.selectionDeferralTime: must be between 1 and 65535 (RFC 4724 4.1 selection_deferral_timer), got 0")]
    [InlineData("maxPaths: 0", "test.yaml:3:11: maxPaths: must be between 1 and 256 (ECMP paths per prefix), got 0")]
    [InlineData("bestPath: { alwaysCompareMed: 1 }", "test.yaml:3:31: bestPath.alwaysCompareMed: expected true or false, got '1'")]
    [InlineData("bestPath: { defaultLocalPref: -1 }", "test.yaml:3:31: bestPath.defaultLocalPref: must be between 0 and 4294967295, got -1")]
    [InlineData("logging: { level: loud }",
        "test.yaml:3:19: logging.level: expected one of verbose, debug, information, warning, error, fatal, got 'loud'")]
    [InlineData("warmup: maybe", "test.yaml:3:9: warmup: expected true or false, got 'maybe'")]
    [InlineData("warmup: \"false\"", "test.yaml:3:9: warmup: expected true or false, got the string \"false\"")]
    public void Parse_BadGlobalSetting_NamesKeyAndReason(string yaml, params string[] expected) =>
        AssertErrors(ConfigText.WithMinimal(yaml), expected);

    [Theory]
    [InlineData("holdTime: 2", "test.yaml:6:15: peers[0].holdTime: must be 0 or between 3 and 65535 (RFC 4271 4.2), got 2")]
    [InlineData("holdTime: 65536", "test.yaml:6:15: peers[0].holdTime: must be 0 or between 3 and 65535 (RFC 4271 4.2), got 65536")]
    [InlineData("keepaliveTime: 90", "test.yaml:6:20: peers[0].keepaliveTime: must be less than holdTime (90), usually a third of it (RFC 4271 10)")]
    [InlineData("keepaliveTime: 0", "test.yaml:6:20: peers[0].keepaliveTime: must be between 1 and 65535 (use holdTime 0 to send none), got 0")]
    [InlineData("holdTime: 0|keepaliveTime: 10",
        "test.yaml:7:20: peers[0].keepaliveTime: has no effect with holdTime 0 (no KEEPALIVEs are sent, RFC 4271 4.4)")]
    [InlineData("families: [ipv4, ipv5]", "test.yaml:6:22: peers[0].families[1]: expected one of ipv4, ipv6, got 'ipv5'")]
    [InlineData("families: []", "test.yaml:6:15: peers[0].families: must name at least one family (ipv4, ipv6)")]
    [InlineData("families: [ipv6, ipv6]", "test.yaml:6:22: peers[0].families[1]: 'ipv6' is listed twice")]
    [InlineData("importFilter: from-peers",
        "test.yaml:6:19: peers[0].importFilter: filter 'from-peers' is not defined; defined: none; built in: accept-all, reject-all")]
    [InlineData("exportFilter: reject-al",
        "test.yaml:6:19: peers[0].exportFilter: filter 'reject-al' is not defined (did you mean 'reject-all'?); defined: none; built in: accept-all, reject-all")]
    [InlineData("password: \"\"", "test.yaml:6:15: peers[0].password: must not be empty (leave the key out for no TCP MD5)")]
    [InlineData("password: 123456789012345678901234567890123456789012345678901234567890123456789012345678901",
        "test.yaml:6:15: peers[0].password: is 81 octets; a TCP MD5 key holds at most 80 (RFC 2385, TCP_MD5SIG_MAXKEYLEN)")]
    [InlineData("sourceAddress: 2001:db8::1", "test.yaml:6:20: peers[0].sourceAddress: is an IPv6 address but peerIP 192.0.2.2 is IPv4")]
    [InlineData("ttlSecurity: 255", "test.yaml:6:18: peers[0].ttlSecurity: must be between 1 and 254 hops (255 would accept any TTL), got 255")]
    [InlineData("ttlSecurity: on", "test.yaml:6:18: peers[0].ttlSecurity: expected true, false or a hop count between 1 and 254, got 'on'")]
    [InlineData("nextHopSelf: true|keepOriginalNextHop: true",
        "test.yaml:7:26: peers[0].keepOriginalNextHop: contradicts nextHopSelf: set at most one of them")]
    [InlineData("numAllowedLocalASNumbers: 11", "test.yaml:6:31: peers[0].numAllowedLocalASNumbers: must be between 0 and 10, got 11")]
    [InlineData("gracefulRestart: { maxRestartTime: 0 }",
        "test.yaml:6:40: peers[0].gracefulRestart.maxRestartTime: must be between 1 and 4095 (a 12-bit field, RFC 4724 3), got 0")]
    [InlineData("addPaths: 0", "test.yaml:6:15: peers[0].addPaths: a path count must be between 1 and 64, got 0")]
    [InlineData("addPaths: sometimes",
        "test.yaml:6:15: peers[0].addPaths: expected receive, send, both, ecmp, none or a path count between 1 and 64, got 'sometimes'")]
    [InlineData("addPaths: ECMP",
        "test.yaml:6:15: peers[0].addPaths: expected receive, send, both, ecmp, none or a path count between 1 and 64, got 'ECMP'")]
    [InlineData("addPaths: [ecmp]",
        "test.yaml:6:15: peers[0].addPaths: expected receive, send, both, ecmp, none or a path count between 1 and 64, got a list")]
    [InlineData("maxPrefixes: { action: warn }", "test.yaml:6:18: peers[0].maxPrefixes.limit: is required")]
    [InlineData("maxPrefixes: { limit: 10, action: drop }", "test.yaml:6:39: peers[0].maxPrefixes.action: expected one of warn, shutdown, got 'drop'")]
    [InlineData("passive: 1", "test.yaml:6:14: peers[0].passive: expected true or false, got '1'")]
    [InlineData("description: { text: x }", "test.yaml:6:18: peers[0].description: expected a string, got a mapping")]
    public void Parse_BadPeerSetting_NamesKeyAndReason(string lines, string expected) =>
        AssertErrors(Peer(lines.Split('|')), expected);

    [Theory]
    [InlineData("peers:\n  - peerIP: 192.0.2\n    asNumber: 1",
        "test.yaml:4:13: peers[0].peerIP: '192.0.2' is not an address or address:port (an IPv6 address with a port is written [addr]:port)")]
    [InlineData("peers:\n  - peerIP: 192.0.2.2:0\n    asNumber: 1", "test.yaml:4:13: peers[0].peerIP: port must be between 1 and 65535, got 0")]
    [InlineData("peers:\n  - peerIP: 224.0.0.5\n    asNumber: 1", "test.yaml:4:13: peers[0].peerIP: 224.0.0.5 is not a unicast address")]
    [InlineData("peers:\n  - peerIP: \"::\"\n    asNumber: 1", "test.yaml:4:13: peers[0].peerIP: :: is not a unicast address")]
    [InlineData("peers:\n  - asNumber: 1", "test.yaml:4:5: peers[0].peerIP: is required")]
    [InlineData("peers:\n  - peerIP: 192.0.2.2\n    asNumber: 23456",
        "test.yaml:5:15: peers[0].asNumber: 23456 is AS_TRANS (RFC 6793), a placeholder that must not be configured as an AS number")]
    [InlineData("peers:\n  - { peerIP: 192.0.2.2, asNumber: 1 }\n  - { peerIP: 192.0.2.2, asNumber: 2 }",
        "test.yaml:5:15: peers[1].peerIP: 192.0.2.2 is already peers[0]; a peer is identified by its address")]
    [InlineData("peers:\n  - { peerIP: 192.0.2.2, asNumber: 64513, routeReflectorClient: true }",
        "test.yaml:4:65: peers[0].routeReflectorClient: route reflection is for iBGP peers only (RFC 4456), but this peer's asNumber 64513 differs from ours (64512)")]
    [InlineData("peers:\n  -", "test.yaml:4:4: peers[0]: is empty; a peer needs at least peerIP and asNumber")]
    [InlineData("peers: 192.0.2.2", "test.yaml:3:8: peers: expected a list, got '192.0.2.2'")]
    public void Parse_BadPeerIdentity_NamesKeyAndReason(string yaml, string expected) =>
        AssertErrors(ConfigText.WithMinimal(yaml), expected);

    [Theory]
    [InlineData("filters:\n  accept-all: []", "test.yaml:4:3: filters.accept-all: 'accept-all' is built in and cannot be redefined")]
    [InlineData("filters:\n  reject-all: []", "test.yaml:4:3: filters.reject-all: 'reject-all' is built in and cannot be redefined")]
    [InlineData("filters:\n  \"a b\": []", "test.yaml:4:3: filters.a b: 'a b' is not a valid filter name (letters, digits, '-' and '_')")]
    [InlineData("filters:\n  f:\n    - match: { prefixes: [\"10.0.0.0/8 le 7\"] }",
        "test.yaml:5:27: filters.f[0].match.prefixes[0]: lengths must satisfy 8 <= ge <= le <= 32, got ge 8 le 7")]
    [InlineData("filters:\n  f:\n    - match: { prefixes: [\"10.0.0.0/8 upto 24\"] }",
        "test.yaml:5:27: filters.f[0].match.prefixes[0]: '10.0.0.0/8 upto 24' is not a prefix match (a CIDR, optionally followed by 'ge N' and/or 'le N')")]
    [InlineData("filters:\n  f:\n    - match: { communities: [\"65536:1\"] }",
        "test.yaml:5:30: filters.f[0].match.communities[0]: '65536:1' is not a community (high:low, each 0..65535, or one of no-export, no-advertise, no-export-subconfed, graceful-shutdown, blackhole, no-peer)")]
    [InlineData("filters:\n  f:\n    - result: maybe", "test.yaml:5:15: filters.f[0].result: expected one of next, accept, reject, got 'maybe'")]
    [InlineData("filters:\n  f:\n    - actions: { prependAs: 33 }", "test.yaml:5:29: filters.f[0].actions.prependAs: must be between 0 and 32, got 33")]
    [InlineData("filters:\n  f:\n    - actions: { nextHop: somewhere }",
        "test.yaml:5:27: filters.f[0].actions.nextHop: 'somewhere' is not an IPv4 or IPv6 address")]
    [InlineData("filters: [a, b]", "test.yaml:3:10: filters: expected a mapping of filter names to lists of terms, got a list")]
    public void Parse_BadFilter_NamesKeyAndReason(string yaml, string expected) =>
        AssertErrors(ConfigText.WithMinimal(yaml), expected);

    [Fact]
    public void Parse_FilterWithBadTermReferenced_ReportsOnlyTheTerm()
    {
        // The filter exists even though a term is wrong: the peer's reference is not a second error.
        var result = ConfigText.WithMinimal("filters:\n  f:\n    - result: maybe\npeers:\n  - { peerIP: 192.0.2.2, asNumber: 64512, importFilter: f }");
        AssertErrors(result, "test.yaml:5:15: filters.f[0].result: expected one of next, accept, reject, got 'maybe'");
    }

    [Fact]
    public void Parse_UndefinedFilterNearDefinedOne_SuggestsIt()
    {
        var result = ConfigText.WithMinimal("filters:\n  pod-cidrs: []\npeers:\n  - { peerIP: 192.0.2.2, asNumber: 64512, exportFilter: pod-cidr }");
        AssertErrors(result,
            "test.yaml:6:57: peers[0].exportFilter: filter 'pod-cidr' is not defined (did you mean 'pod-cidrs'?); defined: pod-cidrs; built in: accept-all, reject-all");
    }

    [Fact]
    public void Parse_PasswordOf80Octets_Accepted()
    {
        string key = new('k', 80);
        var c = ConfigText.Valid(ConfigText.Minimal + $"peers:\n  - {{ peerIP: 192.0.2.2, asNumber: 64512, password: {key} }}");
        Assert.Equal(key, c.Peers[0].Password);
    }

    [Fact]
    public void Parse_PasswordOver80OctetsInUtf8_Refused()
    {
        // 40 characters, 120 octets: the limit is the kernel's, in octets.
        string key = string.Concat(Enumerable.Repeat("é€", 20));
        var result = ConfigText.WithMinimal($"peers:\n  - {{ peerIP: 192.0.2.2, asNumber: 64512, password: \"{key}\" }}");
        AssertErrors(result, "test.yaml:4:53: peers[0].password: is 100 octets; a TCP MD5 key holds at most 80 (RFC 2385, TCP_MD5SIG_MAXKEYLEN)");
    }

    [Fact]
    public void Parse_RouteReflectorClientWithoutClusterId_UsesRouterIdAsClusterId()
    {
        // Decision: a cluster id is optional (RFC 4456 7: it defaults to the BGP Identifier); the client must be iBGP.
        var c = ConfigText.Valid(ConfigText.Minimal + "peers:\n  - { peerIP: 192.0.2.2, asNumber: 64512, routeReflectorClient: true }");
        Assert.True(c.Peers[0].RouteReflectorClient);
        Assert.Null(c.RouteReflectorClusterId);
        Assert.Equal(c.RouterId, c.EffectiveClusterId);
    }

    [Fact]
    public void Parse_TtlSecurityOnIbgp_Accepted()
    {
        // Decision: GTSM is allowed on iBGP too (directly connected nodes of one cluster benefit alike).
        var c = ConfigText.Valid(ConfigText.Minimal + "peers:\n  - { peerIP: 192.0.2.2, asNumber: 64512, ttlSecurity: true }");
        Assert.Equal(1, c.Peers[0].TtlSecurityHops);
    }

    [Fact]
    public void Parse_ApiOnLoopbackV6WithoutTls_Accepted()
    {
        var c = ConfigText.Valid(ConfigText.Minimal + "api: { address: \"::1\", port: 50051 }");
        Assert.Null(c.Api.Tls);
    }
}
