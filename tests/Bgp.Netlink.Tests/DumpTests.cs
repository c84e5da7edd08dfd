using System.Net.Sockets;
using Bgp.Netlink.Tests.Harness;
using static Bgp.Netlink.Tests.Harness.R;

namespace Bgp.Netlink.Tests;

/// <summary>Route, link and address dumps against what <c>ip</c> set up.</summary>
public sealed class DumpTests
{
    [Fact]
    public void DumpLinks_Namespace_ListsInterfacesWithState()
    {
        using var ns = new NetnsSandbox();
        ns.In("link", "add", "down0", "type", "veth", "peer", "name", "down0p");
        var links = ns.Client.DumpLinks();
        Assert.Equal(["d0", "d0p", "down0", "down0p", "lo"], links.Select(l => l.Name).Order());
        var d0 = links.Single(l => l.Name == "d0");
        Assert.True(d0.IsUp);
        Assert.True(d0.HasCarrier);
        Assert.Equal(1500, d0.Mtu);
        Assert.False(links.Single(l => l.Name == "down0").IsUp);
        using var json = ns.Json("link", "show", "d0");
        Assert.Equal(json.RootElement[0].GetProperty("ifindex").GetInt32(), d0.Index);
    }

    [Fact]
    public void DumpAddresses_Namespace_ListsAddressesOfD0()
    {
        using var ns = new NetnsSandbox();
        var v4 = ns.Client.DumpAddresses(AddressFamily.InterNetwork).Where(a => a.InterfaceIndex == ns.D0).ToArray();
        Assert.Equal((A("10.0.0.1"), 24), (Assert.Single(v4).Address, v4[0].PrefixLength));
        var v6 = ns.Client.DumpAddresses(AddressFamily.InterNetworkV6).Where(a => a.InterfaceIndex == ns.D0).Select(a => (a.Address, a.PrefixLength));
        Assert.Contains((A("fd00:1::1"), 64), v6);
        Assert.All(ns.Client.DumpAddresses(), a => Assert.False(a.Address.IsNone));
    }

    [Fact]
    public void DumpRoutes_NoFilter_IncludesKernelConnectedRoutes()
    {
        using var ns = new NetnsSandbox();
        var main = ns.Client.DumpRoutes(AddressFamily.InterNetwork, 254);
        var connected = Assert.Single(main, r => r.Destination == InetPrefix.Parse("10.0.0.0/24"));
        Assert.Equal(2, connected.Protocol); // RTPROT_KERNEL
        Assert.Equal(ns.D0, connected.NextHop.InterfaceIndex);
        Assert.True(connected.NextHop.Gateway.IsNone);
        Assert.Contains(ns.Client.DumpRoutes(AddressFamily.InterNetwork), r => r.Table == 255); // the local table
    }

    [Fact]
    public void DumpRoutes_ByProtocol_ReturnsOnlyThatProtocol()
    {
        using var ns = new NetnsSandbox();
        ns.In("route", "add", "10.20.0.0/24", "via", "10.0.0.9", "proto", "static", "table", "100");
        Assert.Empty(Apply(ns.Client, RouteRequest.Add(Via("10.20.1.0/24", "10.0.0.2"))));
        Assert.Equal([(byte)186], ns.Client.DumpRoutes(AddressFamily.InterNetwork, 100, 186).Select(r => r.Protocol));
        Assert.Equal([(byte)4], ns.Client.DumpRoutes(AddressFamily.InterNetwork, 100, 4).Select(r => r.Protocol));
        Assert.Equal(2, ns.Client.DumpRoutes(AddressFamily.InterNetwork, 100).Count);
    }
}
