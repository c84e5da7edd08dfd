using System.Net.Sockets;
using Bgp.Netlink.Sync;
using Bgp.Netlink.Tests.Harness;
using static Bgp.Netlink.Tests.Harness.R;

namespace Bgp.Netlink.Tests.Sync;

/// <summary>FibSync against the real kernel, each test in its own namespace (table 100, protocol 186).</summary>
public sealed class FibSyncTests
{
    private static FibSync Sync(NetnsSandbox ns, ManualTime? time = null) =>
        new(ns.Client, time ?? new ManualTime(), new FibSyncOptions { Table = 100 });

    private static KernelRoute Host(int i) => new()
    {
        Destination = new InetPrefix(InetAddress.FromIPv4((10u << 24) + (200u << 16) + ((uint)i << 2)), 30),
        NextHop = RouteNextHop.Via(A("10.0.0.2")),
    };

    private static KernelRoute Host6(int i) => new()
    {
        Destination = new InetPrefix(InetAddress.FromIPv6(0x2001_0db8_00c8_0000UL + (ulong)i, 0), 64),
        NextHop = RouteNextHop.Via(A("fd00:1::2")),
    };

    private static HashSet<InetPrefix> Ours(NetnsSandbox ns) =>
        [.. ns.Routes(AddressFamily.InterNetwork, 100).Concat(ns.Routes(AddressFamily.InterNetworkV6, 100)).Select(r => r.Destination)];

    private static string[] Others(NetnsSandbox ns) =>
        [.. ns.Client.DumpRoutes(AddressFamily.InterNetwork, 100).Concat(ns.Client.DumpRoutes(AddressFamily.InterNetworkV6, 100))
            .Where(r => r.Protocol != 186).Select(r => r.ToString()).Order()];

    [Fact]
    public void Flush_NewRoutes_AppearWithNextHopsEcmpProtocolAndTable()
    {
        using var ns = new NetnsSandbox();
        var sync = Sync(ns);
        sync.SetRoutes([
            Via("10.1.0.0/24", "10.0.0.2", table: 0),
            Via("2001:db8:1::/48", "fd00:1::2", table: 0),
            Multi("10.4.0.0/24", 0, new RouteNextHop(A("10.0.0.2"), ns.D0), new RouteNextHop(A("10.0.0.3"), ns.D0, Weight: 2)),
            Multi("2001:db8:4::/64", 0, RouteNextHop.Via(A("fd00:1::2")), RouteNextHop.Via(A("fd00:1::3"))),
            Of("10.244.1.0/26", RouteType.Blackhole, table: 0),
            Of("10.244.2.0/26", RouteType.Unreachable, table: 0),
        ]);
        Assert.Equal(6, sync.PendingCount);

        var result = sync.Flush();

        Assert.Empty(result.Failures);
        Assert.Equal((6, 0, 0), (result.Added, result.Replaced, result.Removed));
        Assert.Equal(0, sync.PendingCount);
        var v4 = ns.Routes(AddressFamily.InterNetwork, 100).ToDictionary(r => r.Destination.ToString());
        var v6 = ns.Routes(AddressFamily.InterNetworkV6, 100).ToDictionary(r => r.Destination.ToString());
        Assert.Equal(4, v4.Count);
        Assert.Equal(2, v6.Count);
        Assert.All(v4.Values.Concat(v6.Values), r => Assert.Equal((186, 100u), (r.Protocol, r.Table)));
        Assert.Equal(A("10.0.0.2"), v4["10.1.0.0/24"].NextHop.Gateway);
        Assert.Equal(A("fd00:1::2"), v6["2001:db8:1::/48"].NextHop.Gateway);
        Assert.Equal([(A("10.0.0.2"), 1), (A("10.0.0.3"), 2)],
            v4["10.4.0.0/24"].MultiPath.ToArray().Select(h => (h.Gateway, h.Weight)).OrderBy(h => h.Gateway.Low));
        Assert.Equal([A("fd00:1::2"), A("fd00:1::3")], v6["2001:db8:4::/64"].MultiPath.ToArray().Select(h => h.Gateway).OrderBy(g => g.Low));
        Assert.Equal(RouteType.Blackhole, v4["10.244.1.0/26"].Type);
        Assert.Equal(RouteType.Unreachable, v4["10.244.2.0/26"].Type);
        var ip = ns.Json("-4", "route", "show", "table", "100", "proto", "186").RootElement.EnumerateArray()
            .Single(e => e.GetProperty("dst").GetString() == "10.4.0.0/24");
        Assert.Equal(["10.0.0.2", "10.0.0.3"], ip.GetProperty("nexthops").EnumerateArray().Select(h => h.GetProperty("gateway").GetString()).Order());

        // Nothing changed: a second flush sends nothing, and the same wishes again do not dirty anything.
        sync.SetRoute(Via("10.1.0.0/24", "10.0.0.2", table: 0));
        sync.SetRoute(Multi("2001:db8:4::/64", 0, RouteNextHop.Via(A("fd00:1::3")), RouteNextHop.Via(A("fd00:1::2"))));
        Assert.Equal(0, sync.PendingCount);
        var again = sync.Flush();
        Assert.Equal((0, 0, 0), (again.Added, again.Replaced, again.Removed));
    }

    [Fact]
    public void Flush_ChangedNextHopsAndMetric_ReplacesWithoutLeavingTheOldRoute()
    {
        using var ns = new NetnsSandbox();
        var sync = Sync(ns);
        sync.SetRoutes([Via("10.2.0.0/16", "10.0.0.2", table: 0), Via("2001:db8:2::/48", "fd00:1::2", table: 0), Via("10.3.0.0/16", "10.0.0.2", table: 0)]);
        Assert.Empty(sync.Flush().Failures);

        sync.SetRoute(Via("10.2.0.0/16", "10.0.0.3", table: 0));
        sync.SetRoute(Multi("2001:db8:2::/48", 0, RouteNextHop.Via(A("fd00:1::2")), RouteNextHop.Via(A("fd00:1::3"))));
        sync.SetRoute(Via("10.3.0.0/16", "10.0.0.2", table: 0, metric: 50));
        var result = sync.Flush();

        Assert.Empty(result.Failures);
        Assert.Equal((0, 3, 0), (result.Added, result.Replaced, result.Removed));
        var v4 = ns.Routes(AddressFamily.InterNetwork, 100).OrderBy(r => r.Destination.Address.Low).ToArray();
        Assert.Equal(2, v4.Length);
        Assert.Equal(A("10.0.0.3"), v4[0].NextHop.Gateway);
        Assert.Equal(50u, v4[1].Metric); // the metric-0 route is gone, not left beside the new one
        Assert.Equal(2, Assert.Single(ns.Routes(AddressFamily.InterNetworkV6, 100)).NextHopCount);
    }

    [Fact]
    public void RemoveRoute_ThenFlush_RemovesFromKernel()
    {
        using var ns = new NetnsSandbox();
        var sync = Sync(ns);
        sync.SetRoutes([Via("10.3.0.0/24", "10.0.0.2", table: 0), Via("2001:db8:3::/64", "fd00:1::2", table: 0), Via("10.3.1.0/24", "10.0.0.2", table: 0)]);
        sync.Flush();

        Assert.True(sync.RemoveRoute(InetPrefix.Parse("10.3.0.0/24")));
        Assert.True(sync.RemoveRoute(InetPrefix.Parse("2001:db8:3::/64")));
        Assert.False(sync.RemoveRoute(InetPrefix.Parse("10.99.0.0/24")));
        var result = sync.Flush();

        Assert.Empty(result.Failures);
        Assert.Equal(2, result.Removed);
        Assert.Equal([InetPrefix.Parse("10.3.1.0/24")], Ours(ns));
        Assert.Equal(1, sync.WantedCount);
    }

    [Fact]
    public void RemoveRoute_BeforeFirstFlush_SendsNothing()
    {
        using var ns = new NetnsSandbox();
        var sync = Sync(ns);
        sync.SetRoute(Via("10.3.0.0/24", "10.0.0.2", table: 0));
        sync.RemoveRoute(InetPrefix.Parse("10.3.0.0/24"));
        var result = sync.Flush();
        Assert.Equal((0, 0, 0, 0), (result.Added, result.Removed, result.Failures.Count, sync.PendingCount));
        Assert.Empty(Ours(ns));
    }

    [Fact]
    public void ReconcileAndFlush_RoutesOfOtherProtocols_AreNeverTouched()
    {
        using var ns = new NetnsSandbox();
        ns.In("route", "add", "10.8.0.0/24", "via", "10.0.0.9", "proto", "static", "table", "100");
        ns.In("route", "add", "10.8.1.0/24", "via", "10.0.0.9", "proto", "187", "table", "100");
        ns.In("-6", "route", "add", "2001:db8:8::/64", "via", "fd00:1::9", "proto", "static", "table", "100");
        var before = Others(ns);
        Assert.Equal(3, before.Length);

        var sync = Sync(ns);
        sync.SetRoute(Via("10.8.2.0/24", "10.0.0.2", table: 0));
        var reconciled = sync.Reconcile();
        Assert.Equal((1, 0, 0), (reconciled.Added, reconciled.Removed, reconciled.Unchanged));

        // Wanting the static route's own prefix: the exclusive add is refused, the static route stays.
        sync.SetRoute(Via("10.8.0.0/24", "10.0.0.2", table: 0));
        var clash = Assert.Single(sync.Flush().Failures);
        Assert.Equal((Errno.EEXIST, RouteOperation.Add), (clash.Error, clash.Operation));
        sync.RemoveRoute(InetPrefix.Parse("10.8.0.0/24"));
        sync.RemoveRoute(InetPrefix.Parse("10.8.2.0/24"));
        Assert.Equal(1, sync.Flush().Removed);
        Assert.Empty(sync.Reconcile().Failures);

        Assert.Empty(Ours(ns));
        Assert.Equal(before, Others(ns));
    }

    [Fact]
    public void Reconcile_AfterCrash_RemovesStaleAddsMissingAndLeavesRightRoutesAlone()
    {
        using var ns = new NetnsSandbox();
        ns.In("route", "add", "10.200.0.0/30", "via", "10.0.0.9", "proto", "static", "table", "100", "metric", "5");
        ns.In("route", "add", "10.201.0.0/24", "via", "10.0.0.9", "proto", "static", "table", "100");
        var others = Others(ns);

        // First life: 800 IPv4 + 200 IPv6 routes, then dropped without cleanup (as after kill -9).
        var first = Sync(ns);
        for (var i = 0; i < 800; i++) first.SetRoute(Host(i));
        for (var i = 0; i < 200; i++) first.SetRoute(Host6(i));
        Assert.Equal(1000, first.Flush().Added);
        Assert.Equal(1000, Ours(ns).Count);

        // Second life wants every other one of those (500) and 100 new ones.
        var second = Sync(ns);
        var wanted = new HashSet<InetPrefix>();
        for (var i = 0; i < 800; i += 2) { second.SetRoute(Host(i)); wanted.Add(Host(i).Destination); }
        for (var i = 0; i < 200; i += 2) { second.SetRoute(Host6(i)); wanted.Add(Host6(i).Destination); }
        for (var i = 1000; i < 1080; i++) { second.SetRoute(Host(i)); wanted.Add(Host(i).Destination); }
        for (var i = 1000; i < 1020; i++) { second.SetRoute(Host6(i)); wanted.Add(Host6(i).Destination); }

        var result = second.Reconcile();

        Assert.Empty(result.Failures);
        Assert.Equal((500, 100, 500, 0), (result.Removed, result.Added, result.Unchanged, result.Replaced));
        Assert.True(wanted.SetEquals(Ours(ns)));
        Assert.Equal(others, Others(ns));
        Assert.Equal(0, second.PendingCount);
        Assert.Equal((0, 0, 600), (second.Flush().Added, second.Reconcile().Added, second.Reconcile().Unchanged));
    }

    [Fact]
    public void Reconcile_KernelRouteWithOtherNextHop_IsReplaced()
    {
        using var ns = new NetnsSandbox();
        ns.In("route", "add", "10.12.0.0/24", "via", "10.0.0.5", "proto", "186", "table", "100");
        ns.In("route", "add", "10.12.1.0/24", "via", "10.0.0.2", "proto", "186", "table", "100");
        var sync = Sync(ns);
        sync.SetRoutes([Via("10.12.0.0/24", "10.0.0.2", table: 0), Via("10.12.1.0/24", "10.0.0.2", table: 0)]);

        var result = sync.Reconcile();

        Assert.Equal((1, 1, 0), (result.Replaced, result.Unchanged, result.Added));
        Assert.All(ns.Routes(AddressFamily.InterNetwork, 100), r => Assert.Equal(A("10.0.0.2"), r.NextHop.Gateway));
    }

    [Fact]
    public void Flush_GatewayUnreachable_ReportedBackedOffAndRetriedOnceReachable()
    {
        using var ns = new NetnsSandbox();
        var time = new ManualTime();
        var sync = Sync(ns, time);
        sync.SetRoutes([Via("10.11.0.0/24", "10.0.0.2", table: 0), Via("10.11.1.0/24", "10.0.1.2", table: 0)]);

        var first = sync.Flush();
        Assert.Equal(1, first.Added);
        var failure = Assert.Single(first.Failures);
        Assert.Equal((InetPrefix.Parse("10.11.1.0/24"), Errno.ENETUNREACH, 1), (failure.Prefix, failure.Error, failure.Attempts));
        Assert.False(string.IsNullOrEmpty(failure.Message));
        Assert.Equal(time.GetUtcNow() + TimeSpan.FromSeconds(1), failure.NextAttempt);
        Assert.Equal(1, sync.PendingCount);

        // Within the back-off nothing is sent; after it, a second refusal doubles the wait.
        Assert.Equal((1, 0), (sync.Flush().Deferred, sync.Flush().Failures.Count));
        time.Advance(TimeSpan.FromSeconds(1));
        var second = Assert.Single(sync.Flush().Failures);
        Assert.Equal((2, time.GetUtcNow() + TimeSpan.FromSeconds(2)), (second.Attempts, second.NextAttempt));

        ns.In("addr", "add", "10.0.1.1/24", "dev", "d0");
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, sync.Flush().Deferred);
        Assert.DoesNotContain(InetPrefix.Parse("10.11.1.0/24"), Ours(ns));
        time.Advance(TimeSpan.FromSeconds(1));
        var retried = sync.Flush();

        Assert.Empty(retried.Failures);
        Assert.Equal(1, retried.Added);
        Assert.Equal(0, sync.PendingCount);
        Assert.Equal(A("10.0.1.2"), ns.Routes(AddressFamily.InterNetwork, 100).Single(r => r.Destination == InetPrefix.Parse("10.11.1.0/24")).NextHop.Gateway);
    }

    [Fact]
    public void RetryNow_AfterRefusal_RetriesWithoutWaiting()
    {
        using var ns = new NetnsSandbox();
        var sync = Sync(ns);
        sync.SetRoute(Via("10.13.0.0/24", "10.0.2.2", table: 0));
        Assert.Single(sync.Flush().Failures);
        ns.In("addr", "add", "10.0.2.1/24", "dev", "d0");
        Assert.Equal(1, sync.Flush().Deferred);
        sync.RetryNow();
        Assert.Equal(1, sync.Flush().Added);
    }

    [Fact]
    public void SetRoute_OtherTable_IsRejected()
    {
        using var ns = new NetnsSandbox();
        var sync = Sync(ns);
        Assert.Throws<ArgumentException>(() => sync.SetRoute(Via("10.1.0.0/24", "10.0.0.2", table: 200)));
        Assert.Equal(0, sync.WantedCount);
        Assert.Equal(100u, sync.Table);
    }

    [Fact]
    public void Reconcile_EcmpBlackholeAndIpv6RoutesAlreadyRight_AreCountedUnchanged()
    {
        using var ns = new NetnsSandbox();
        KernelRoute[] routes = [
            Multi("10.4.0.0/24", 0, RouteNextHop.Via(A("10.0.0.2")), RouteNextHop.Via(A("10.0.0.3"), ns.D0) with { Weight = 3 }),
            Multi("2001:db8:4::/64", 0, RouteNextHop.Via(A("fd00:1::2")), RouteNextHop.Via(A("fd00:1::3"))),
            Via("2001:db8:5::/64", "fd00:1::2", table: 0),
            Of("10.244.1.0/26", RouteType.Blackhole, table: 0),
            Of("2001:db8:244::/64", RouteType.Blackhole, table: 0),
            Via("10.6.0.0/24", "192.0.2.1", table: 0, oif: ns.D0, onLink: true),
        ];
        var first = Sync(ns);
        first.SetRoutes(routes);
        Assert.Empty(first.Flush().Failures);

        var second = Sync(ns);
        second.SetRoutes(routes.Reverse().ToArray());
        var result = second.Reconcile();

        Assert.Equal((6, 0, 0, 0), (result.Unchanged, result.Added, result.Replaced, result.Removed));
    }
}
