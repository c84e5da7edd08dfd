using System.Net;
using Bgp.Daemon.Config;
using Bgp.Daemon.Hosting;
using Bgp.Rib.Export;
using Bgp.Rib.Policy;

namespace Bgp.Daemon.Tests.Hosting;

public sealed class PeerRibMappingTests
{
    private static NeighborConfig Peer(string import = FilterNames.AcceptAll, string export = FilterNames.RejectAll) =>
        new() { Address = IPAddress.Parse("192.0.2.2"), AsNumber = 64513, ImportFilter = import, ExportFilter = export };

    [Fact]
    public void TryCreate_BuiltInFilters_MappedToTheRibsBuiltIns()
    {
        Assert.True(PeerRibMapping.TryCreate(Peer(), 0, out var o, out _));
        Assert.Same(Filter.AcceptAll, o.ImportFilter);
        Assert.Same(Filter.RejectAll, o.ExportFilter);
        Assert.Equal(NextHopMode.Default, o.NextHop);
    }

    [Fact]
    public void TryCreate_PolicyKeys_CarriedOver()
    {
        var peer = Peer() with { RouteReflectorClient = true, NextHopSelf = true, NumAllowedLocalASNumbers = 3 };
        Assert.True(PeerRibMapping.TryCreate(peer, 0, out var o, out _));
        Assert.True(o.IsReflectorClient);
        Assert.Equal(NextHopMode.Self, o.NextHop);
        Assert.Equal(3, o.AllowedLocalAs);
        Assert.True(PeerRibMapping.TryCreate(Peer() with { KeepOriginalNextHop = true }, 0, out var keep, out _));
        Assert.Equal(NextHopMode.Unchanged, keep.NextHop);
    }

    [Fact]
    public void TryCreate_UserDefinedImportFilter_RefusedNamingKeyAndFilter()
    {
        Assert.False(PeerRibMapping.TryCreate(Peer(import: "from-tor"), 4, out _, out var error));
        Assert.Contains("peers[4].importFilter", error, StringComparison.Ordinal);
        Assert.Contains("'from-tor'", error, StringComparison.Ordinal);
        Assert.Contains("FilterMapper", error, StringComparison.Ordinal);
    }
}
