using Bgp.Daemon.Hosting;
using System.Net;
using Bgp.Daemon.Config;
using Bgp.Protocol;
using Bgp.Rib;

namespace Bgp.Daemon.Tests.Config;

public class ConfigLoaderExampleTests
{
    [Fact]
    public void Load_IssueExample_EveryValueAsWritten()
    {
        var result = ConfigLoader.Load(ConfigText.Fixture("example.yaml"));
        Assert.True(result.Success, result.FormatErrors());
        var c = result.Config;

        Assert.Equal(64512u, c.AsNumber);
        Assert.Equal("192.0.2.1", RouterId.Format(c.RouterId));
        Assert.Equal(IPAddress.IPv6Any, c.Listen.Address);
        Assert.Equal(179, c.Listen.Port);
        Assert.Equal(IPAddress.Loopback, c.Api.Address);
        Assert.Equal(50051, c.Api.Port);
        Assert.Null(c.Api.Tls);
        Assert.Equal(RouterId.Parse("192.0.2.1"), c.RouteReflectorClusterId);

        var p = Assert.Single(c.Peers);
        Assert.Equal(IPAddress.Parse("192.0.2.2"), p.Address);
        Assert.Equal(179, p.Port);
        Assert.Equal(64513u, p.AsNumber);
        Assert.False(p.Passive);
        Assert.Equal("s3cret", p.Password);
        Assert.False(p.RouteReflectorClient);
        Assert.Equal(90, p.HoldTime);
        Assert.Equal(new[] {AfiSafi.Ipv4Unicast, AfiSafi.Ipv6Unicast}, p.Families);
        Assert.Equal("accept-all", p.ImportFilter);
        Assert.Equal("pod-cidrs", p.ExportFilter);

        Assert.Equal(new[] {Prefix.Parse("10.244.1.0/26")}, c.Prefixes);
        Assert.True(c.Kernel.Enabled);
        Assert.Equal(254u, c.Kernel.Table);
        Assert.Equal(186, c.Kernel.Protocol);
        Assert.True(c.Kernel.NextHopTracking);

        var terms = c.Filters["pod-cidrs"];
        Assert.Equal(2, terms.Length);
        Assert.Equal("pods", terms[0].Name);
        Assert.Equal(new[] {new PrefixMatchConfig(Prefix.Parse("10.244.0.0/16"), 16, 26)}, terms[0].Match.Prefixes);
        Assert.Equal(AfiSafi.Ipv4Unicast, terms[0].Match.Family);
        Assert.Equal(FilterResult.Accept, terms[0].Result);
        Assert.Equal(FilterResult.Reject, terms[1].Result);
        Assert.Equal(FilterMatchConfig.Any, terms[1].Match);
    }

    [Fact]
    public void Parse_OnlyRequiredKeys_DefaultsAsBirdAndCalicoUsersExpect()
    {
        var c = ConfigText.Valid(ConfigText.Minimal + "peers:\n  - { peerIP: 192.0.2.2, asNumber: 64512 }\n  - { peerIP: 2001:db8::3, asNumber: 64513 }\n");

        Assert.Equal(IPAddress.IPv6Any, c.Listen.Address);
        Assert.Equal(179, c.Listen.Port);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 50051), new IPEndPoint(c.Api.Address, c.Api.Port));
        Assert.Null(c.RouteReflectorClusterId);
        Assert.Equal(c.RouterId, c.EffectiveClusterId);
        Assert.False(c.Kernel.Enabled);
        Assert.Equal(254u, c.Kernel.Table);
        Assert.Equal(186, c.Kernel.Protocol);
        Assert.True(c.Kernel.NextHopTracking);
        Assert.False(c.GracefulRestart.Enabled);
        Assert.Equal(120, c.GracefulRestart.RestartTime);
        Assert.Equal(360, c.GracefulRestart.StalePathTime);
        Assert.True(c.GracefulRestart.NotificationSupport);
        Assert.Equal(1, c.MaxPaths);
        Assert.Equal(new BestPathConfig(), c.BestPath);
        Assert.True(c.Warmup);
        Assert.False(c.UpdateGroups);
        Assert.Equal(HugePageMode.Auto, c.HugePages);
        Assert.Empty(c.Filters);
        Assert.Empty(c.Prefixes);
        Assert.Equal(LogLevelSetting.Information, c.Logging.Level);
        Assert.Equal(LogFormatSetting.Text, c.Logging.Format);

        var ibgp = c.Peers[0];
        Assert.Equal(179, ibgp.Port);
        Assert.False(ibgp.Passive);
        Assert.Null(ibgp.Password);
        Assert.Equal(90, ibgp.HoldTime);
        Assert.Null(ibgp.KeepaliveTime);
        Assert.Equal(new[] {AfiSafi.Ipv4Unicast}, ibgp.Families);
        Assert.Equal("accept-all", ibgp.ImportFilter);
        Assert.Equal("accept-all", ibgp.ExportFilter);
        Assert.Equal(0, ibgp.TtlSecurityHops);
        Assert.Null(ibgp.GracefulRestart.Enabled);
        Assert.Equal(120, ibgp.GracefulRestart.MaxRestartTime);
        Assert.Equal(AddPathConfig.None, ibgp.AddPaths);
        Assert.Null(ibgp.MaxPrefixes);
        Assert.Equal(0, ibgp.NumAllowedLocalASNumbers);

        // RFC 8212: an eBGP peer without filters exchanges nothing; an IPv6 peer defaults to ipv6.
        var ebgp = c.Peers[1];
        Assert.Equal("reject-all", ebgp.ImportFilter);
        Assert.Equal("reject-all", ebgp.ExportFilter);
        Assert.Equal(new[] {AfiSafi.Ipv6Unicast}, ebgp.Families);
    }

    [Fact]
    public void Load_EveryKey_EveryValueArrives()
    {
        var result = ConfigLoader.Load(ConfigText.Fixture("full.yaml"));
        Assert.True(result.Success, result.FormatErrors());
        var c = result.Config;

        Assert.Equal(4200000001u, c.AsNumber);
        Assert.Equal(RouterId.Parse("10.0.0.1"), c.RouterId);
        Assert.Equal(new ListenConfig { Address = IPAddress.Parse("10.0.0.1"), Port = 1179 }, c.Listen);
        Assert.Equal(new ApiConfig { Address = IPAddress.Loopback, Port = 50052 }, c.Api);
        Assert.Equal(new HealthConfig { Address = IPAddress.Loopback, Port = 9100, ReadinessGrace = TimeSpan.FromSeconds(45) }, c.Health);
        Assert.Equal(RouterId.Parse("10.0.0.100"), c.EffectiveClusterId);
        Assert.Equal(4, c.MaxPaths);
        Assert.Equal(new BestPathConfig
        {
            AlwaysCompareMed = true, DeterministicMed = false, MissingMedAsWorst = true, PreferOldestExternal = true,
            MultipathRelax = true, DefaultLocalPref = 150,
        }, c.BestPath);
        var decision = BgpDaemon.ToDecisionOptions(c);
        Assert.True(decision.AlwaysCompareMed && !decision.DeterministicMed && decision.MissingMedAsWorst && decision.PreferOldestExternal && decision.MultipathRelax);
        Assert.Equal(150u, decision.DefaultLocalPref);
        Assert.Equal(4, decision.MaxPaths);
        Assert.Equal(new LoggingConfig { Level = LogLevelSetting.Debug, Format = LogFormatSetting.Json }, c.Logging);
        Assert.False(c.Warmup);
        Assert.True(c.UpdateGroups);
        Assert.Equal(HugePageMode.Never, c.HugePages);
        Assert.Equal(new GracefulRestartConfig { Enabled = true, RestartTime = 300, StalePathTime = 600, NotificationSupport = false, SelectionDeferralTime = 90 }, c.GracefulRestart);
        Assert.Equal(new KernelConfig { Enabled = false, Table = 100, Protocol = 200, NextHopTracking = false }, c.Kernel);
        Assert.Equal(new[] {Prefix.Parse("10.244.0.0/24"), Prefix.Parse("fd00:244::/64")}, c.Prefixes);

        var rr = c.Peers[0];
        Assert.Equal(IPAddress.Parse("10.0.0.2"), rr.Address);
        Assert.Equal(1790, rr.Port);
        Assert.Equal(4200000001u, rr.AsNumber);
        Assert.True(rr.Passive);
        Assert.Equal("correct horse", rr.Password);
        Assert.True(rr.RouteReflectorClient);
        Assert.Equal(30, rr.HoldTime);
        Assert.Equal((ushort)5, rr.KeepaliveTime);
        Assert.Equal(new[] {AfiSafi.Ipv6Unicast, AfiSafi.Ipv4Unicast}, rr.Families);
        Assert.Equal("from-rr", rr.ImportFilter);
        Assert.Equal("to-rr", rr.ExportFilter);
        Assert.Equal(IPAddress.Parse("10.0.0.1"), rr.SourceAddress);
        Assert.Equal(2, rr.TtlSecurityHops);
        Assert.True(rr.NextHopSelf);
        Assert.False(rr.KeepOriginalNextHop);
        Assert.Equal(3, rr.NumAllowedLocalASNumbers);
        Assert.Equal(new PeerGracefulRestartConfig { Enabled = false, MaxRestartTime = 60 }, rr.GracefulRestart);
        Assert.Equal(new AddPathConfig { Receive = true, Send = true, SendMaxPaths = 8 }, rr.AddPaths);
        Assert.Equal(new MaxPrefixesConfig { Limit = 1000, Action = MaxPrefixAction.Warn }, rr.MaxPrefixes);
        Assert.Equal("rack 7 reflector", rr.Description);

        var v6 = c.Peers[1];
        Assert.Equal(IPAddress.Parse("2001:db8::2"), v6.Address);
        Assert.Equal(1791, v6.Port);
        Assert.Equal(0, v6.HoldTime);
        Assert.Equal(1, v6.TtlSecurityHops);
        Assert.True(v6.KeepOriginalNextHop);
        Assert.Equal(new AddPathConfig { Receive = true }, v6.AddPaths);
        Assert.Equal(new MaxPrefixesConfig { Limit = 50, Action = MaxPrefixAction.Shutdown }, v6.MaxPrefixes);
        Assert.Equal(true, v6.GracefulRestart.Enabled);
        Assert.Equal("reject-all", v6.ImportFilter);

        var from = Assert.Single(c.Filters["from-rr"]);
        Assert.Equal(new[] {0xFC000064u, 0xFFFFFF01u}, from.Match.Communities);
        Assert.Equal(new[] {64999u}, from.Match.AsPathContains);
        Assert.Equal(200u, from.Actions.LocalPref);
        Assert.Equal(10u, from.Actions.Med);
        Assert.Equal(new[] {0xFDE80001u}, from.Actions.AddCommunities);
        Assert.Equal(new[] {0xFFFFFF01u}, from.Actions.RemoveCommunities);
        Assert.Equal(FilterResult.Accept, from.Result);

        var to = c.Filters["to-rr"];
        Assert.Equal(
            new[] {new PrefixMatchConfig(Prefix.Parse("10.244.0.0/16"), 24, 28), new PrefixMatchConfig(Prefix.Parse("fd00::/8"), 8, 64)},
            to[0].Match.Prefixes);
        Assert.Equal(AfiSafi.Ipv6Unicast, to[0].Match.Family);
        Assert.Equal(2, to[0].Actions.PrependAs);
        Assert.True(to[0].Actions.NextHopSelf);
        Assert.Equal(IPAddress.Parse("10.0.0.9"), to[1].Actions.NextHop);
        Assert.False(to[1].Actions.NextHopSelf);
        Assert.Equal(FilterResult.Reject, to[1].Result);
    }
}
