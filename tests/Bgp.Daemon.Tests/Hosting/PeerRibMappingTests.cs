using System.Net;
using Bgp.Daemon.Config;
using Bgp.Daemon.Hosting;
using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Rib.Engine;
using Bgp.Rib.Export;
using Bgp.Rib.Policy;

namespace Bgp.Daemon.Tests.Hosting;

public sealed class PeerRibMappingTests
{
    private const string Yaml = """
        asNumber: 64512
        routerId: 192.0.2.1
        filters:
          pod-cidrs:
            - { name: pods, match: { prefixes: ["10.244.0.0/16 le 26"] }, result: accept }
        peers:
          - { peerIP: 192.0.2.2, asNumber: 64513, importFilter: accept-all, exportFilter: pod-cidrs }
          - { peerIP: 192.0.2.3, asNumber: 64513 }
          - { peerIP: 192.0.2.4, asNumber: 64512, routeReflectorClient: true, nextHopSelf: true, numAllowedLocalASNumbers: 3 }
          - peerIP: 192.0.2.5
            asNumber: 64513
            maxPrefixes: { limit: 1000, action: warn }
            softReconfigurationInbound: true
            gracefulRestart: { enabled: true, maxRestartTime: 30 }
        """;

    private static (BgpdConfig Config, FilterCatalog Catalog) Load()
    {
        var loaded = ConfigLoader.Parse(Yaml, "t.yaml");
        Assert.True(loaded.Success, loaded.FormatErrors());
        var filters = FilterMapper.Build(loaded.Config!);
        Assert.True(filters.Success, filters.FormatErrors());
        return (loaded.Config!, filters.Catalog!);
    }

    [Fact]
    public void Create_UserExportFilter_RunsThePolicyEngineFilter()
    {
        var (config, catalog) = Load();
        var o = PeerRibMapping.Create(config, config.Peers[0], catalog);

        Assert.Same(Filter.AcceptAll, o.ImportFilter);
        var export = Assert.IsType<Filter>(o.ExportFilter);
        Assert.Equal("pod-cidrs", export.Name);
        var attrs = new PathAttributes { Origin = Origin.Igp, AsPath = AsPath.Empty };
        var source = RouteSource.Local;
        Assert.True(export.Evaluate(new RouteContext(Prefix.Parse("10.244.1.0/26"), attrs, null, source, 64512)).Accepted);
        Assert.False(export.Evaluate(new RouteContext(Prefix.Parse("192.0.2.0/24"), attrs, null, source, 64512)).Accepted);
    }

    [Fact]
    public void Create_EbgpPeerWithoutFilters_GetsRfc8212RejectAll()
    {
        var (config, catalog) = Load();
        var o = PeerRibMapping.Create(config, config.Peers[1], catalog);
        Assert.Same(Filter.RejectAll, o.ImportFilter);
        Assert.Same(Filter.RejectAll, o.ExportFilter);
    }

    [Fact]
    public void Create_PolicyKeys_CarriedOver()
    {
        var (config, catalog) = Load();
        var o = PeerRibMapping.Create(config, config.Peers[2], catalog);
        Assert.True(o.IsReflectorClient);
        Assert.Equal(NextHopMode.Self, o.NextHop);
        Assert.Equal(3, o.AllowedLocalAs);
        Assert.Same(Filter.AcceptAll, o.ImportFilter);
        Assert.Null(o.PrefixLimit);
        Assert.False(o.SoftReconfigurationInbound);
        Assert.False(o.GracefulRestart);
    }

    [Fact]
    public void Create_LimitSoftReconfigurationAndGracefulRestart_CarriedOver()
    {
        var (config, catalog) = Load();
        var o = PeerRibMapping.Create(config, config.Peers[3], catalog);
        Assert.Equal(1000u, o.PrefixLimit);
        Assert.Equal(PrefixLimitAction.Warn, o.PrefixLimitAction);
        Assert.True(o.SoftReconfigurationInbound);
        Assert.True(o.GracefulRestart);
        Assert.Equal(TimeSpan.FromSeconds(30), o.MaxRestartTime);
        Assert.Equal(TimeSpan.FromSeconds(360), o.StalePathTime);
    }
}
