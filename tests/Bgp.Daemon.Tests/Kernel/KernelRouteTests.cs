using System.Text.Json;
using Bgp.Daemon.Tests.Hosting;

namespace Bgp.Daemon.Tests.Kernel;

/// <summary>
/// bgpd with <c>kernel.enabled</c> in namespace A, its peers (bgpd without the kernel sync) in namespace B,
/// checked against what <c>ip route</c> shows in A. Root only (namespaces), like tests/Bgp.Netlink.Tests.
/// </summary>
public sealed class KernelRouteTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private static string NodeAConfig(bool gracefulRestart, bool withC) => $$"""
        asNumber: 65001
        routerId: 10.77.0.1
        listen: { address: 10.77.0.1, port: 179 }
        maxPaths: 2
        kernel: { enabled: true }
        gracefulRestart: { enabled: {{(gracefulRestart ? "true" : "false")}}, selectionDeferralTime: 60 }
        peers:
          - { peerIP: 10.77.0.2, asNumber: 65002, sourceAddress: 10.77.0.1, importFilter: accept-all, exportFilter: accept-all }
        {{(withC ? "  - { peerIP: 10.77.0.3, asNumber: 65002, sourceAddress: 10.77.0.1, importFilter: accept-all, exportFilter: accept-all }" : "")}}
        prefixes: [10.10.0.0/24]
        """;

    private static string PeerConfig(string address, params string[] prefixes) => $$"""
        asNumber: 65002
        routerId: {{address}}
        listen: { address: {{address}}, port: 179 }
        peers:
          - { peerIP: 10.77.0.1, asNumber: 65001, sourceAddress: {{address}}, importFilter: accept-all, exportFilter: accept-all }
        prefixes: [{{string.Join(", ", prefixes)}}]
        """;

    private static bool Has(KernelTopology t, string dst) => t.RouteOfA(dst) is not null;

    private static string? Gateway(JsonElement route) =>
        route.TryGetProperty("gateway", out var g) ? g.GetString() : null;

    private static bool IsVia(KernelTopology t, string dst, string gateway) =>
        t.RouteOfA(dst) is { } r && Gateway(r) == gateway && !r.TryGetProperty("nexthops", out _);

    private static List<string> MultipathGateways(KernelTopology t, string dst)
    {
        var list = new List<string>();
        if (t.RouteOfA(dst) is { } r && r.TryGetProperty("nexthops", out var hops))
            foreach (var h in hops.EnumerateArray()) list.Add(h.GetProperty("gateway").GetString()!);
        list.Sort(StringComparer.Ordinal);
        return list;
    }

    [Fact]
    public async Task Kernel_PeersAnnounceWithdrawAndLinkFlaps_KernelFollowsAndOtherProtocolsUntouched()
    {
        using var topo = new KernelTopology();
        using var folder = new TempConfigFolder();
        string fileA = folder.Write("a.yaml", NodeAConfig(gracefulRestart: false, withC: true));
        string fileB = folder.Write("b.yaml", PeerConfig("10.77.0.2", "10.20.0.0/24", "10.30.0.0/24"));
        string fileC = folder.Write("c.yaml", PeerConfig("10.77.0.3", "10.30.0.0/24"));
        // Someone else's route: never touched, whatever bgpd does.
        KernelTopology.In(topo.NodeA, "route", "add", "10.40.0.0/24", "via", "10.77.0.2", "proto", "static");

        await using var a = BgpdProcess.StartIn(topo.NodeA, "--config", fileA);
        await using var b = BgpdProcess.StartIn(topo.NodeB, "--config", fileB);
        await using var c = BgpdProcess.StartIn(topo.NodeB, "--config", fileC);
        string Describe() => topo.DescribeA() + a.Describe() + b.Describe();

        // A single path: on-link via the connected peer; an equal pair from B and C: one multipath route;
        // our own block: a blackhole.
        Assert.True(await topo.WaitForAsync(t => IsVia(t, "10.20.0.0/24", "10.77.0.2"), Wait), Describe());
        var single = topo.RouteOfA("10.20.0.0/24")!.Value;
        Assert.Equal("ka", single.GetProperty("dev").GetString());
        Assert.Contains("onlink", single.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
        Assert.True(await topo.WaitForAsync(t => MultipathGateways(t, "10.30.0.0/24").Count == 2, Wait), Describe());
        Assert.Equal(["10.77.0.2", "10.77.0.3"], MultipathGateways(topo, "10.30.0.0/24"));
        Assert.True(await topo.WaitForAsync(t => t.RouteOfA("10.10.0.0/24") is { } r && r.GetProperty("type").GetString() == "blackhole", Wait), Describe());

        // Carrier lost on A's interface (B pulled its end): the next hops are unreachable, their routes go;
        // the blackhole and the static route stay. Carrier back: they return.
        KernelTopology.In(topo.NodeB, "link", "set", "kb", "down");
        Assert.True(await topo.WaitForAsync(t => !Has(t, "10.20.0.0/24") && !Has(t, "10.30.0.0/24"), Wait), Describe());
        Assert.True(Has(topo, "10.10.0.0/24"), Describe());
        KernelTopology.In(topo.NodeB, "link", "set", "kb", "up");
        Assert.True(await topo.WaitForAsync(t => IsVia(t, "10.20.0.0/24", "10.77.0.2") && MultipathGateways(t, "10.30.0.0/24").Count == 2, Wait), Describe());
        // The log line reaches the test through bgpd's stdout pipe, which may trail the kernel state just seen.
        Assert.True(await a.WaitForOutputAsync("Kernel: link ka", Wait), Describe());

        Assert.Single(topo.RoutesOfA("static"));
        // A's interface taken down and up at once: the kernel flushes the routes through it without a word;
        // the sync notices and puts them back.
        KernelTopology.In(topo.NodeA, "link", "set", "ka", "down");
        KernelTopology.In(topo.NodeA, "link", "set", "ka", "up");
        Assert.True(await topo.WaitForAsync(t => IsVia(t, "10.20.0.0/24", "10.77.0.2") && MultipathGateways(t, "10.30.0.0/24").Count == 2, Wait), Describe());
        // The kernel flushed the static route too (not us); put it back for the checks below.
        KernelTopology.In(topo.NodeA, "route", "add", "10.40.0.0/24", "via", "10.77.0.2", "proto", "static");

        // C stops: its path is withdrawn, the multipath route becomes a single one via B.
        await c.SignalAsync("TERM");
        Assert.True(await topo.WaitForAsync(t => IsVia(t, "10.30.0.0/24", "10.77.0.2"), Wait), Describe());
        // B stops originating 10.20.0.0/24: withdrawn, removed.
        File.WriteAllText(fileB, PeerConfig("10.77.0.2", "10.30.0.0/24"));
        await b.SignalAsync("HUP");
        Assert.True(await topo.WaitForAsync(t => !Has(t, "10.20.0.0/24"), Wait), Describe());

        // Stop without graceful restart: every route of ours goes, the static one stays.
        await a.SignalAsync("TERM");
        Assert.True(await a.WaitForExitAsync(TimeSpan.FromSeconds(15)), a.Describe());
        Assert.Empty(topo.RoutesOfA());
        Assert.Single(topo.RoutesOfA("static"));
        // The peers run without the kernel sync: not one netlink line from them.
        Assert.DoesNotContain("Kernel:", b.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kernel_GracefulRestart_RoutesKeptWhileDownThenReconciled()
    {
        using var topo = new KernelTopology();
        using var folder = new TempConfigFolder();
        string fileA = folder.Write("a.yaml", NodeAConfig(gracefulRestart: true, withC: false));
        string fileB = folder.Write("b.yaml", PeerConfig("10.77.0.2", "10.20.0.0/24", "10.21.0.0/24"));
        await using var b = BgpdProcess.StartIn(topo.NodeB, "--config", fileB);

        await using (var a = BgpdProcess.StartIn(topo.NodeA, "--config", fileA))
        {
            Assert.True(await topo.WaitForAsync(t => Has(t, "10.20.0.0/24") && Has(t, "10.21.0.0/24") && Has(t, "10.10.0.0/24"), Wait),
                topo.DescribeA() + a.Describe());
            await a.SignalAsync("TERM");
            Assert.True(await a.WaitForExitAsync(TimeSpan.FromSeconds(15)), a.Describe());
            Assert.Contains("leaving 3 routes", a.Stdout, StringComparison.Ordinal);
        }
        // bgpd is down: its routes keep forwarding.
        Assert.True(Has(topo, "10.20.0.0/24") && Has(topo, "10.21.0.0/24") && Has(topo, "10.10.0.0/24"), topo.DescribeA());

        // Meanwhile B drops 10.21.0.0/24; the restarted bgpd learns the rest and reconciles without a flush.
        File.WriteAllText(fileB, PeerConfig("10.77.0.2", "10.20.0.0/24"));
        await b.SignalAsync("HUP");
        Assert.True(await b.WaitForOutputAsync("no longer originating 10.21.0.0/24", Wait), b.Describe());
        await using var again = BgpdProcess.StartIn(topo.NodeA, "--config", fileA);
        Assert.True(await again.WaitForOutputAsync("kept in place (graceful restart)", Wait), again.Describe());
        Assert.True(await again.WaitForOutputAsync("every peer sent End-of-RIB", Wait), again.Describe());
        Assert.True(await topo.WaitForAsync(t => !Has(t, "10.21.0.0/24"), Wait), topo.DescribeA() + again.Describe());
        Assert.True(Has(topo, "10.20.0.0/24") && Has(topo, "10.10.0.0/24"), topo.DescribeA());
        // Kept routes that were still right were left alone: nothing added or replaced. The kernel can show the
        // result before bgpd has logged it, so wait for the line rather than read the output once.
        Assert.True(await again.WaitForOutputAsync("added 0, replaced 0, removed 1, unchanged 2", Wait), again.Describe());
    }

    [Fact]
    public async Task Kernel_Kill9ThenRestart_StaleRoutesRemovedAndCurrentOnesBack()
    {
        using var topo = new KernelTopology();
        using var folder = new TempConfigFolder();
        string fileA = folder.Write("a.yaml", NodeAConfig(gracefulRestart: false, withC: false));
        string fileB = folder.Write("b.yaml", PeerConfig("10.77.0.2", "10.20.0.0/24", "10.21.0.0/24"));
        await using var b = BgpdProcess.StartIn(topo.NodeB, "--config", fileB);

        await using (var a = BgpdProcess.StartIn(topo.NodeA, "--config", fileA))
        {
            Assert.True(await topo.WaitForAsync(t => Has(t, "10.20.0.0/24") && Has(t, "10.21.0.0/24"), Wait), topo.DescribeA() + a.Describe());
            await a.SignalAsync("KILL");
            Assert.True(await a.WaitForExitAsync(TimeSpan.FromSeconds(15)), a.Describe());
        }
        Assert.True(Has(topo, "10.21.0.0/24"), topo.DescribeA());

        File.WriteAllText(fileB, PeerConfig("10.77.0.2", "10.20.0.0/24"));
        await b.SignalAsync("HUP");
        Assert.True(await b.WaitForOutputAsync("no longer originating 10.21.0.0/24", Wait), b.Describe());
        await using var again = BgpdProcess.StartIn(topo.NodeA, "--config", fileA);
        Assert.True(await again.WaitForOutputAsync("removed 3 stale routes", Wait), again.Describe());
        Assert.True(await topo.WaitForAsync(t => Has(t, "10.20.0.0/24") && Has(t, "10.10.0.0/24"), Wait), topo.DescribeA() + again.Describe());
        Assert.False(Has(topo, "10.21.0.0/24"), topo.DescribeA());
    }
}
