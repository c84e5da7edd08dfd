using Bgp.Daemon.Tests.Hosting;

namespace Bgp.Daemon.Tests.Kernel;

/// <summary>
/// Next-hop tracking on the real kernel (RFC 4271 9.1.2.1, 9.1.2.2 (e)): bgpd with the kernel on in node A
/// learns one prefix from two peers in node B whose next hops (third-party, set by their export policy) are
/// reachable only through static routes added in A; the decision follows those routes' presence and metrics,
/// and the kernel route follows the decision. Root only (namespaces).
/// </summary>
public sealed class KernelNextHopTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private const string Prefix = "10.90.0.0/24";
    private const string HopB = "198.51.100.1";
    private const string HopC = "198.51.100.2";

    private static string NodeAConfig(bool tracking) => $$"""
        asNumber: 65001
        routerId: 10.77.0.1
        listen: { address: 10.77.0.1, port: 179 }
        kernel: { enabled: true, nextHopTracking: {{(tracking ? "true" : "false")}} }
        peers:
          - { peerIP: 10.77.0.2, asNumber: 65002, sourceAddress: 10.77.0.1, importFilter: accept-all, exportFilter: accept-all }
          - { peerIP: 10.77.0.3, asNumber: 65002, sourceAddress: 10.77.0.1, importFilter: accept-all, exportFilter: accept-all }
        """;

    // A peer announcing the prefix with a third-party NEXT_HOP that A can reach only through its kernel routes.
    // B and C share node B's loopback, so each gets its own API port and no health endpoint.
    private static string PeerConfig(string address, string nextHop) => $$"""
        asNumber: 65002
        routerId: {{address}}
        listen: { address: {{address}}, port: 179 }
        api: { address: 127.0.0.1, port: {{50000 + int.Parse(address.Split('.')[3], System.Globalization.CultureInfo.InvariantCulture)}} }
        health: { enabled: false }
        filters:
          third-party:
            - actions: { nextHop: {{nextHop}} }
              result: accept
        peers:
          - { peerIP: 10.77.0.1, asNumber: 65001, sourceAddress: {{address}}, importFilter: accept-all, exportFilter: third-party }
        prefixes: [{{Prefix}}]
        """;

    private static string? Gateway(KernelTopology t) =>
        t.RouteOfA(Prefix) is { } r && r.TryGetProperty("gateway", out var g) ? g.GetString() : null;

    private static void Route(KernelTopology t, string verb, string hop, string gateway, int metric) =>
        KernelTopology.In(t.NodeA, "route", verb, hop + "/32", "via", gateway, "metric", metric.ToString(System.Globalization.CultureInfo.InvariantCulture), "proto", "static");

    [Fact]
    public async Task Kernel_NextHopRoutesChange_BestPathFollowsReachabilityAndMetric()
    {
        using var topo = new KernelTopology();
        using var folder = new TempConfigFolder();
        // C's next hop is the cheaper one: without tracking B would win on router id (9.1.2.2 (f)).
        await using var nodes = Nodes.Start(topo, folder, tracking: true);
        var a = nodes.A;
        string Describe() => nodes.Describe();

        // 9.1.2.2 (e): C's next hop costs 10, B's 20: C's path is best, installed via C's route's gateway.
        Assert.True(await topo.WaitForAsync(t => Gateway(t) == "10.77.0.3", Wait), Describe());
        await Task.Delay(1000);
        Assert.Equal("10.77.0.3", Gateway(topo));

        // 9.1.2.1: the route to C's next hop goes; its path is excluded and B's takes over.
        Route(topo, "del", HopC, "10.77.0.3", 10);
        Assert.True(await topo.WaitForAsync(t => Gateway(t) == "10.77.0.2", Wait), Describe());
        Assert.True(await a.WaitForOutputAsync("next hop " + HopC + " is unreachable", Wait), Describe());

        // Back, but dearer than B's: B stays best.
        Route(topo, "add", HopC, "10.77.0.3", 30);
        await Task.Delay(1500);
        Assert.Equal("10.77.0.2", Gateway(topo));

        // B's route gets dearer than C's: C wins again.
        Route(topo, "del", HopB, "10.77.0.2", 20);
        Route(topo, "add", HopB, "10.77.0.2", 40);
        Assert.True(await topo.WaitForAsync(t => Gateway(t) == "10.77.0.3", Wait), Describe());

        // Both unreachable: no best path, nothing in the kernel.
        Route(topo, "del", HopB, "10.77.0.2", 40);
        Route(topo, "del", HopC, "10.77.0.3", 30);
        Assert.True(await topo.WaitForAsync(t => t.RouteOfA(Prefix) is null, Wait), Describe());
    }

    [Fact]
    public async Task Kernel_NextHopTrackingOff_DecisionIgnoresKernelMetrics()
    {
        using var topo = new KernelTopology();
        using var folder = new TempConfigFolder();
        await using var nodes = Nodes.Start(topo, folder, tracking: false);
        string Describe() => nodes.Describe();

        // Both next hops count as connected, cost 0: B wins on its lower router id.
        Assert.True(await topo.WaitForAsync(t => Gateway(t) == "10.77.0.2", Wait), Describe());
        // Its next hop unreachable: as before tracking, the prefix only leaves the kernel (C's path does not take over).
        Route(topo, "del", HopB, "10.77.0.2", 20);
        Assert.True(await topo.WaitForAsync(t => t.RouteOfA(Prefix) is null, Wait), Describe());
        await Task.Delay(1000);
        Assert.Null(topo.RouteOfA(Prefix));
    }

    /// <summary>
    /// Node A's bgpd (kernel on) and the two peers B and C in node B, after the static routes to their next
    /// hops went into A: B's at metric 20, C's at metric 10.
    /// </summary>
    private sealed class Nodes(KernelTopology topo, BgpdProcess a, BgpdProcess b, BgpdProcess c) : IAsyncDisposable
    {
        public BgpdProcess A => a;

        public static Nodes Start(KernelTopology topo, TempConfigFolder folder, bool tracking)
        {
            Route(topo, "add", HopB, "10.77.0.2", 20);
            Route(topo, "add", HopC, "10.77.0.3", 10);
            string fileA = folder.Write("a.yaml", NodeAConfig(tracking));
            string fileB = folder.Write("b.yaml", PeerConfig("10.77.0.2", HopB));
            string fileC = folder.Write("c.yaml", PeerConfig("10.77.0.3", HopC));
            return new Nodes(topo,
                BgpdProcess.StartIn(topo.NodeA, "--config", fileA),
                BgpdProcess.StartIn(topo.NodeB, "--config", fileB),
                BgpdProcess.StartIn(topo.NodeB, "--config", fileC));
        }

        public string Describe() => topo.DescribeA() + a.Describe() + b.Describe() + c.Describe();

        public async ValueTask DisposeAsync()
        {
            await c.DisposeAsync();
            await b.DisposeAsync();
            await a.DisposeAsync();
        }
    }
}
