using System.Net.Sockets;
using System.Text.Json;
using Bgp.Netlink.Tests.Harness;
using static Bgp.Netlink.Tests.Harness.R;

namespace Bgp.Netlink.Tests;

/// <summary>Add, replace, delete, ECMP and blackhole routes against the real kernel, each in its own namespace,
/// checked both by our dump and by <c>ip -j route show</c>.</summary>
public sealed class RouteProgrammingTests
{
    private static JsonElement[] IpRoutes(NetnsSandbox ns, string family, string table) =>
        [.. ns.Json(family, "route", "show", "table", table, "proto", "186").RootElement.EnumerateArray().Select(e => e.Clone())];

    [Fact]
    public void Add_Ipv4AndIpv6Routes_AppearWithNextHopProtocolAndTable()
    {
        using var ns = new NetnsSandbox();
        var failures = Apply(ns.Client,
            RouteRequest.Add(Via("10.1.0.0/24", "10.0.0.2", metric: 20)),
            RouteRequest.Add(Via("2001:db8:1::/48", "fd00:1::2")));
        Assert.Empty(failures);

        var v4 = Assert.Single(ns.Routes(AddressFamily.InterNetwork, 100));
        Assert.Equal(InetPrefix.Parse("10.1.0.0/24"), v4.Destination);
        Assert.Equal(186, v4.Protocol);
        Assert.Equal(100u, v4.Table);
        Assert.Equal(RouteType.Unicast, v4.Type);
        Assert.Equal(20u, v4.Metric);
        Assert.Equal(A("10.0.0.2"), v4.NextHop.Gateway);
        Assert.Equal(ns.D0, v4.NextHop.InterfaceIndex);

        var v6 = Assert.Single(ns.Routes(AddressFamily.InterNetworkV6, 100));
        Assert.Equal(InetPrefix.Parse("2001:db8:1::/48"), v6.Destination);
        Assert.Equal(A("fd00:1::2"), v6.NextHop.Gateway);

        var ip4 = Assert.Single(IpRoutes(ns, "-4", "100"));
        Assert.Equal("10.1.0.0/24", ip4.GetProperty("dst").GetString());
        Assert.Equal("10.0.0.2", ip4.GetProperty("gateway").GetString());
        Assert.Equal("d0", ip4.GetProperty("dev").GetString());
        Assert.Equal(20, ip4.GetProperty("metric").GetInt32());
        var ip6 = Assert.Single(IpRoutes(ns, "-6", "100"));
        Assert.Equal("2001:db8:1::/48", ip6.GetProperty("dst").GetString());
        Assert.Equal("fd00:1::2", ip6.GetProperty("gateway").GetString());
        // Nothing leaked into main.
        Assert.Empty(ns.Routes(AddressFamily.InterNetwork, 254));
    }

    [Fact]
    public void Replace_ExistingRoute_ChangesNextHop()
    {
        using var ns = new NetnsSandbox();
        Assert.Empty(Apply(ns.Client, RouteRequest.Add(Via("10.2.0.0/16", "10.0.0.2")), RouteRequest.Add(Via("2001:db8:2::/48", "fd00:1::2"))));
        Assert.Empty(Apply(ns.Client, RouteRequest.Replace(Via("10.2.0.0/16", "10.0.0.3")), RouteRequest.Replace(Via("2001:db8:2::/48", "fd00:1::3"))));

        Assert.Equal(A("10.0.0.3"), Assert.Single(ns.Routes(AddressFamily.InterNetwork, 100)).NextHop.Gateway);
        Assert.Equal(A("fd00:1::3"), Assert.Single(ns.Routes(AddressFamily.InterNetworkV6, 100)).NextHop.Gateway);
        Assert.Equal("10.0.0.3", Assert.Single(IpRoutes(ns, "-4", "100")).GetProperty("gateway").GetString());
    }

    [Fact]
    public void Add_ExistingRoute_FailsWithEexistAndKeepsIt()
    {
        using var ns = new NetnsSandbox();
        Assert.Empty(Apply(ns.Client, RouteRequest.Add(Via("10.2.0.0/16", "10.0.0.2"))));
        var failure = Assert.Single(Apply(ns.Client, RouteRequest.Add(Via("10.2.0.0/16", "10.0.0.3"))));
        Assert.Equal(Errno.EEXIST, failure.Error);
        Assert.Equal(A("10.0.0.2"), Assert.Single(ns.Routes(AddressFamily.InterNetwork, 100)).NextHop.Gateway);
    }

    [Fact]
    public void Delete_InstalledRoutes_RemovesThem()
    {
        using var ns = new NetnsSandbox();
        var v4 = Via("10.3.0.0/24", "10.0.0.2");
        var v6 = Via("2001:db8:3::/64", "fd00:1::2");
        Assert.Empty(Apply(ns.Client, RouteRequest.Add(v4), RouteRequest.Add(v6)));
        Assert.Empty(Apply(ns.Client, RouteRequest.Delete(v4), RouteRequest.Delete(v6)));
        Assert.Empty(ns.Routes(AddressFamily.InterNetwork, 100));
        Assert.Empty(ns.Routes(AddressFamily.InterNetworkV6, 100));
        Assert.Empty(IpRoutes(ns, "-4", "100"));
        Assert.Empty(IpRoutes(ns, "-6", "100"));
    }

    [Fact]
    public void Add_MultipathRoutes_HaveEveryNextHop()
    {
        using var ns = new NetnsSandbox();
        Assert.Empty(Apply(ns.Client,
            RouteRequest.Add(Multi("10.4.0.0/24", 100, new RouteNextHop(A("10.0.0.2"), ns.D0), new RouteNextHop(A("10.0.0.3"), ns.D0, Weight: 3))),
            RouteRequest.Add(Multi("2001:db8:4::/64", 100, new RouteNextHop(A("fd00:1::2"), ns.D0), new RouteNextHop(A("fd00:1::3"), ns.D0)))));

        var v4 = Assert.Single(ns.Routes(AddressFamily.InterNetwork, 100));
        Assert.Equal(2, v4.NextHopCount);
        Assert.Equal([(A("10.0.0.2"), 1), (A("10.0.0.3"), 3)],
            v4.MultiPath.ToArray().Select(h => (h.Gateway, h.Weight)).OrderBy(h => h.Gateway.Low));
        var v6 = Assert.Single(ns.Routes(AddressFamily.InterNetworkV6, 100));
        Assert.Equal([A("fd00:1::2"), A("fd00:1::3")], v6.MultiPath.ToArray().Select(h => h.Gateway).OrderBy(g => g.Low));

        var ip4 = Assert.Single(IpRoutes(ns, "-4", "100"));
        Assert.Equal(["10.0.0.2", "10.0.0.3"],
            ip4.GetProperty("nexthops").EnumerateArray().Select(h => h.GetProperty("gateway").GetString()).Order());
    }

    [Fact]
    public void Replace_MultipathWithSingle_LeavesOneNextHop()
    {
        using var ns = new NetnsSandbox();
        Assert.Empty(Apply(ns.Client, RouteRequest.Add(Multi("10.4.0.0/24", 100, RouteNextHop.Via(A("10.0.0.2")), RouteNextHop.Via(A("10.0.0.3"))))));
        Assert.Empty(Apply(ns.Client, RouteRequest.Replace(Via("10.4.0.0/24", "10.0.0.4"))));
        var route = Assert.Single(ns.Routes(AddressFamily.InterNetwork, 100));
        Assert.Equal(1, route.NextHopCount);
        Assert.Equal(A("10.0.0.4"), route.NextHop.Gateway);
    }

    [Fact]
    public void Add_BlackholeAndUnreachable_HaveTheirTypes()
    {
        using var ns = new NetnsSandbox();
        Assert.Empty(Apply(ns.Client,
            RouteRequest.Add(Of("10.244.1.0/26", RouteType.Blackhole)),
            RouteRequest.Add(Of("10.244.2.0/26", RouteType.Unreachable)),
            RouteRequest.Add(Of("2001:db8:244::/64", RouteType.Blackhole))));

        var routes = ns.Routes(AddressFamily.InterNetwork, 100).OrderBy(r => r.Destination.Address.Low).ToArray();
        Assert.Equal([RouteType.Blackhole, RouteType.Unreachable], routes.Select(r => r.Type));
        Assert.Equal(0, routes[0].NextHopCount);
        Assert.Equal(RouteType.Blackhole, Assert.Single(ns.Routes(AddressFamily.InterNetworkV6, 100)).Type);
        var ip = IpRoutes(ns, "-4", "100").Select(e => (e.GetProperty("type").GetString(), e.GetProperty("dst").GetString())).Order();
        Assert.Equal([("blackhole", "10.244.1.0/26"), ("unreachable", "10.244.2.0/26")], ip);
    }

    [Fact]
    public void Add_TableAbove255_UsesRtaTable()
    {
        using var ns = new NetnsSandbox();
        Assert.Empty(Apply(ns.Client, RouteRequest.Add(Via("10.5.0.0/24", "10.0.0.2", table: 100_000))));
        Assert.Equal(100_000u, Assert.Single(ns.Routes(AddressFamily.InterNetwork, 100_000)).Table);
        Assert.Empty(ns.Routes(AddressFamily.InterNetwork, 100_000 & 0xFF));
        Assert.Single(IpRoutes(ns, "-4", "100000"));
    }

    [Fact]
    public void Add_OnLinkGatewayOutsideSubnets_IsAccepted()
    {
        using var ns = new NetnsSandbox();
        // Without onlink the kernel refuses a gateway no connected route covers; with it, it is taken as on d0.
        Assert.Equal(Errno.ENETUNREACH, Assert.Single(Apply(ns.Client, RouteRequest.Add(Via("10.6.0.0/24", "192.0.2.1", oif: ns.D0)))).Error);
        Assert.Empty(Apply(ns.Client, RouteRequest.Add(Via("10.6.0.0/24", "192.0.2.1", oif: ns.D0, onLink: true))));
        var route = Assert.Single(ns.Routes(AddressFamily.InterNetwork, 100));
        Assert.True(route.NextHop.OnLink);
        Assert.Contains("onlink", Assert.Single(IpRoutes(ns, "-4", "100")).GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
    }

    [Fact]
    public void Add_Ipv4RouteViaIpv6Gateway_UsesRtaVia()
    {
        using var ns = new NetnsSandbox();
        Assert.Empty(Apply(ns.Client, RouteRequest.Add(Via("10.7.0.0/24", "fd00:1::2", oif: ns.D0))));
        var route = Assert.Single(ns.Routes(AddressFamily.InterNetwork, 100));
        Assert.Equal(A("fd00:1::2"), route.NextHop.Gateway);
        var via = Assert.Single(IpRoutes(ns, "-4", "100")).GetProperty("via");
        Assert.Equal("fd00:1::2", via.GetProperty("host").GetString());
    }

    [Fact]
    public void Delete_OurRoutes_NeverTouchesRoutesOfOtherProtocols()
    {
        using var ns = new NetnsSandbox();
        ns.In("route", "add", "10.8.0.0/24", "via", "10.0.0.9", "proto", "static", "table", "100");
        Assert.Empty(Apply(ns.Client, RouteRequest.Add(Via("10.8.1.0/24", "10.0.0.2"))));

        // Our delete of the static route's own prefix carries protocol 186, so the kernel finds nothing.
        var failures = Apply(ns.Client, RouteRequest.Delete(Via("10.8.1.0/24", "10.0.0.2")), RouteRequest.Delete(Via("10.8.0.0/24", "10.0.0.9")));
        var failure = Assert.Single(failures);
        Assert.Equal((1, Errno.ESRCH), (failure.Index, failure.Error));

        var all = ns.Client.DumpRoutes(AddressFamily.InterNetwork, 100);
        var kept = Assert.Single(all);
        Assert.Equal((InetPrefix.Parse("10.8.0.0/24"), (byte)4, A("10.0.0.9")), (kept.Destination, kept.Protocol, kept.NextHop.Gateway));
        Assert.Empty(ns.Routes(AddressFamily.InterNetwork, 100));
        Assert.Equal("10.8.0.0/24", Assert.Single(ns.Json("-4", "route", "show", "table", "100").RootElement.EnumerateArray()).GetProperty("dst").GetString());
    }
}
