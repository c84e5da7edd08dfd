using System.Net;
using Bgp.Daemon.Config;
using Bgp.Protocol;

namespace Bgp.Daemon.Tests.Config;

public class ConfigDiffTests
{
    private const string Base = """
        asNumber: 64512
        routerId: 192.0.2.1
        prefixes: [10.244.1.0/26]
        filters:
          pods:
            - match: { prefixes: ["10.244.0.0/16 le 26"] }
              result: accept
        peers:
          - { peerIP: 192.0.2.2, asNumber: 64512, exportFilter: pods, description: a }
          - { peerIP: 192.0.2.3, asNumber: 64513, importFilter: accept-all, exportFilter: pods }
          - { peerIP: 192.0.2.4, asNumber: 64512 }

        """;

    private static BgpdConfig Config(string yaml) => ConfigText.Valid(yaml);

    private static ConfigDiff Diff(string from, string to) => ConfigDiff.Compare(Config(from), Config(to));

    [Fact]
    public void Compare_SameText_Empty()
    {
        var diff = Diff(Base, Base);
        Assert.True(diff.IsEmpty);
        Assert.False(diff.ResetsAllSessions);
    }

    [Fact]
    public void Compare_PeerAddedAndRemoved_ListedOthersUntouched()
    {
        string to = Base.Replace("  - { peerIP: 192.0.2.4, asNumber: 64512 }", "  - { peerIP: 192.0.2.5, asNumber: 64512 }", StringComparison.Ordinal);
        var diff = Diff(Base, to);

        Assert.Equal(IPAddress.Parse("192.0.2.5"), Assert.Single(diff.AddedPeers).Address);
        Assert.Equal(IPAddress.Parse("192.0.2.4"), Assert.Single(diff.RemovedPeers).Address);
        Assert.Empty(diff.ChangedPeers);
        Assert.Empty(diff.ChangedGlobalKeys);
    }

    [Theory]
    [InlineData("asNumber: 64512, exportFilter: pods, description: a, holdTime: 30", "holdTime", PeerChangeEffect.SessionReset)]
    [InlineData("asNumber: 64512, exportFilter: pods, description: a, password: x", "password", PeerChangeEffect.SessionReset)]
    [InlineData("asNumber: 64512, exportFilter: pods, description: a, families: [ipv4, ipv6]", "families", PeerChangeEffect.SessionReset)]
    [InlineData("asNumber: 64512, exportFilter: pods, description: a, ttlSecurity: true", "ttlSecurity", PeerChangeEffect.SessionReset)]
    [InlineData("asNumber: 64512, exportFilter: pods, description: a, addPaths: both", "addPaths", PeerChangeEffect.SessionReset)]
    [InlineData("asNumber: 64512, exportFilter: pods, description: a, gracefulRestart: { enabled: true }", "gracefulRestart", PeerChangeEffect.SessionReset)]
    [InlineData("asNumber: 64512, exportFilter: pods, description: a, sourceAddress: 192.0.2.1", "sourceAddress", PeerChangeEffect.SessionReset)]
    [InlineData("asNumber: 64512, exportFilter: pods, description: a, keepaliveTime: 10", "keepaliveTime", PeerChangeEffect.SessionReset)]
    [InlineData("asNumber: 64514, importFilter: accept-all, exportFilter: pods, description: a", "asNumber", PeerChangeEffect.SessionReset)]
    [InlineData("asNumber: 64512, exportFilter: pods, description: b", "description", PeerChangeEffect.None)]
    [InlineData("asNumber: 64512, exportFilter: pods, description: a, maxPrefixes: { limit: 5 }", "maxPrefixes", PeerChangeEffect.None)]
    [InlineData("asNumber: 64512, exportFilter: pods, description: a, passive: true", "passive", PeerChangeEffect.None)]
    [InlineData("asNumber: 64512, exportFilter: pods, description: a, softReconfigurationInbound: true", "softReconfigurationInbound", PeerChangeEffect.None)]
    [InlineData("asNumber: 64512, exportFilter: reject-all, description: a", "exportFilter", PeerChangeEffect.SoftResetOut)]
    [InlineData("asNumber: 64512, exportFilter: pods, importFilter: pods, description: a", "importFilter", PeerChangeEffect.SoftResetIn)]
    [InlineData("asNumber: 64512, exportFilter: pods, description: a, nextHopSelf: true", "nextHopSelf", PeerChangeEffect.SoftResetOut)]
    [InlineData("asNumber: 64512, exportFilter: pods, description: a, numAllowedLocalASNumbers: 1", "numAllowedLocalASNumbers", PeerChangeEffect.SoftResetIn)]
    [InlineData("asNumber: 64512, exportFilter: pods, description: a, routeReflectorClient: true", "routeReflectorClient",
        PeerChangeEffect.SoftResetIn | PeerChangeEffect.SoftResetOut)]
    public void Compare_OnePeerKeyChanged_ThatPeerOnlyWithItsEffect(string newSettings, string key, PeerChangeEffect effect)
    {
        string to = Base.Replace("{ peerIP: 192.0.2.2, asNumber: 64512, exportFilter: pods, description: a }",
            $"{{ peerIP: 192.0.2.2, {newSettings} }}", StringComparison.Ordinal);
        var diff = Diff(Base, to);

        var change = Assert.Single(diff.ChangedPeers);
        Assert.Equal(IPAddress.Parse("192.0.2.2"), change.Address);
        Assert.Equal<string>([key], change.ChangedKeys);
        Assert.Equal(effect, change.Effect);
        Assert.Equal(effect.HasFlag(PeerChangeEffect.SessionReset), change.RequiresSessionReset);
        Assert.Empty(diff.AddedPeers);
        Assert.Empty(diff.RemovedPeers);
    }

    [Theory]
    [InlineData("both", "ecmp")]
    [InlineData("ecmp", "8")]
    [InlineData("ecmp", "send")]
    public void Compare_AddPathsSendModeChanged_SessionReset(string from, string to)
    {
        // Only what goes out changes (the OPEN may be the same), yet the send mode is fixed per session.
        string Peer(string addPaths) => Base.Replace("description: a }", $"description: a, addPaths: {addPaths} }}", StringComparison.Ordinal);
        var change = Assert.Single(Diff(Peer(from), Peer(to)).ChangedPeers);
        Assert.Equal<string>(["addPaths"], change.ChangedKeys);
        Assert.Equal(PeerChangeEffect.SessionReset, change.Effect);
        Assert.True(change.RequiresSessionReset);
    }

    [Fact]
    public void Compare_PortChanged_SessionReset()
    {
        string to = Base.Replace("peerIP: 192.0.2.4,", "peerIP: \"192.0.2.4:1790\",", StringComparison.Ordinal);
        var change = Assert.Single(Diff(Base, to).ChangedPeers);
        Assert.Equal<string>(["peerIP"], change.ChangedKeys);
        Assert.True(change.RequiresSessionReset);
    }

    [Fact]
    public void Compare_FilterRedefined_SoftResetForPeersUsingIt()
    {
        string to = Base.Replace("le 26", "le 24", StringComparison.Ordinal);
        var diff = Diff(Base, to);

        Assert.Equal<string>(["pods"], diff.ChangedFilters);
        Assert.Equal(2, diff.ChangedPeers.Length);
        Assert.All(diff.ChangedPeers, c =>
        {
            Assert.Equal<string>(["filters.pods"], c.ChangedKeys);
            Assert.Equal(PeerChangeEffect.SoftResetOut, c.Effect);
        });
        Assert.Equal<IPAddress>(
            [IPAddress.Parse("192.0.2.2"), IPAddress.Parse("192.0.2.3")],
            diff.ChangedPeers.Select(c => c.Address));
    }

    [Fact]
    public void Compare_FilterReparsedUnchanged_NotReported()
    {
        // Same text twice gives different ImmutableArray instances: equality must be by value.
        var diff = Diff(Base, Base + "maxPaths: 1\n");
        Assert.Empty(diff.ChangedFilters);
        Assert.True(diff.IsEmpty);
    }

    [Fact]
    public void Compare_RouterIdChanged_ResetsAllSessions()
    {
        var diff = Diff(Base, Base.Replace("routerId: 192.0.2.1", "routerId: 192.0.2.9", StringComparison.Ordinal));
        Assert.Equal<string>(["routerId"], diff.ChangedGlobalKeys);
        Assert.True(diff.ResetsAllSessions);
        Assert.Empty(diff.ChangedPeers);
    }

    [Fact]
    public void Compare_ListenApiKernelMaxPathsLogging_ReportedWithoutPeerChanges()
    {
        string to = Base + "listen: { port: 1179 }\napi: { port: 50052 }\nkernel: { enabled: true }\nmaxPaths: 8\nbestPath: { alwaysCompareMed: true }\nlogging: { level: debug }\nrouteReflectorClusterId: 1.1.1.1\n";
        var diff = Diff(Base, to);

        Assert.Equal<string>(["listen", "api", "routeReflectorClusterId", "kernel", "maxPaths", "bestPath", "logging"], diff.ChangedGlobalKeys);
        Assert.True(diff.RestartsListener);
        Assert.True(diff.RestartsApi);
        Assert.False(diff.ResetsAllSessions);
        Assert.Empty(diff.ChangedPeers);
    }

    [Fact]
    public void Compare_HugePagesTurnedOff_ReportedAsRestartOnlyGlobalKey()
    {
        var diff = Diff(Base, Base + "hugePages: false\n");

        Assert.Equal<string>(["hugePages"], diff.ChangedGlobalKeys);
        Assert.False(diff.ResetsAllSessions || diff.RestartsListener || diff.RestartsApi);
        Assert.Empty(diff.ChangedPeers);
    }

    [Fact]
    public void Compare_UpdateGroupsTurnedOn_ReportedAsRestartOnlyGlobalKey()
    {
        var diff = Diff(Base, Base + "updateGroups: true\n");

        Assert.Equal<string>(["updateGroups"], diff.ChangedGlobalKeys);
        Assert.False(diff.ResetsAllSessions || diff.RestartsListener || diff.RestartsApi);
        Assert.Empty(diff.ChangedPeers);
    }

    [Fact]
    public void Compare_WarmupTurnedOff_ReportedAsRestartOnlyGlobalKey()
    {
        var diff = Diff(Base, Base + "warmup: false\n");

        Assert.Equal<string>(["warmup"], diff.ChangedGlobalKeys);
        Assert.False(diff.ResetsAllSessions || diff.RestartsListener || diff.RestartsApi);
        Assert.Empty(diff.ChangedPeers);
    }

    [Fact]
    public void Compare_GlobalGracefulRestart_ResetsPeersThatFollowIt()
    {
        string from = "asNumber: 64512\nrouterId: 192.0.2.1\npeers:\n  - { peerIP: 192.0.2.2, asNumber: 64512 }\n  - { peerIP: 192.0.2.3, asNumber: 64512, gracefulRestart: { enabled: false } }\n";
        var diff = Diff(from, from + "gracefulRestart: { enabled: true }\n");

        Assert.Equal<string>(["gracefulRestart"], diff.ChangedGlobalKeys);
        var change = Assert.Single(diff.ChangedPeers);
        Assert.Equal(IPAddress.Parse("192.0.2.2"), change.Address);
        Assert.Equal<string>(["gracefulRestart (global)"], change.ChangedKeys);
        Assert.True(change.RequiresSessionReset);
    }

    [Fact]
    public void Compare_PrefixesChanged_AddedAndRemoved()
    {
        var diff = Diff(Base, Base.Replace("prefixes: [10.244.1.0/26]", "prefixes: [10.244.2.0/26]", StringComparison.Ordinal));
        Assert.Equal<Prefix>([Prefix.Parse("10.244.2.0/26")], diff.AddedPrefixes);
        Assert.Equal<Prefix>([Prefix.Parse("10.244.1.0/26")], diff.RemovedPrefixes);
        Assert.Empty(diff.ChangedPeers);
    }

    [Fact]
    public void PeerRules_EveryNeighborProperty_HasAReloadEffect()
    {
        // A new peer key must say whether changing it resets the session; Address is the identity.
        var covered = ConfigDiff.PeerRules.Select(r => r.Property).Append(nameof(NeighborConfig.Address)).ToHashSet();
        var properties = typeof(NeighborConfig).GetProperties().Where(p => p.Name != "EqualityContract").Select(p => p.Name);
        var missing = properties.Where(p => !covered.Contains(p)).ToArray();
        Assert.True(missing.Length == 0, $"no reload rule for: {string.Join(", ", missing)}");
    }
}
