using System.Net;
using Bgp.Daemon.Routing;
using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Messages;
using Bgp.Rib;
using Bgp.Rib.Engine;
using Bgp.Rib.Policy;
using Microsoft.Extensions.Time.Testing;

namespace Bgp.Daemon.Tests.Kernel;

/// <summary>
/// <see cref="KernelSync"/> in this process, its netlink sockets opened in node A of a <see cref="KernelTopology"/>,
/// fed by a <see cref="RibEngine"/> driven directly (no sessions). Root only.
/// </summary>
public sealed class KernelSyncTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);
    private static readonly PeerRibOptions AcceptAll = new() { ImportFilter = Filter.AcceptAll, ExportFilter = Filter.AcceptAll };

    private static KernelSync NewSync(KernelTopology topo, TimeProvider time, bool gracefulRestart = false) =>
        new(new KernelSyncOptions
        {
            GracefulRestart = gracefulRestart,
            SelectionDeferral = TimeSpan.FromSeconds(120),
            NetworkNamespacePath = "/var/run/netns/" + topo.NodeA,
        }, Serilog.Core.Logger.None, time);

    private static RibEngine NewEngine(KernelSync sync)
    {
        var engine = new RibEngine(new RibEngineSettings(65001, RouterId.Parse("10.77.0.1")));
        engine.AddObserver(sync);
        engine.Execute(new PeerUp(1, new PeerFacts(IPAddress.Parse("10.77.0.2"), 65002, RouterId.Parse("10.77.0.2"), false,
            [AfiSafi.Ipv4Unicast], CodecOptions.FourOctet), AcceptAll));
        return engine;
    }

    private static UpdateMessage Announce(string prefix, string nextHop) => new()
    {
        Attributes = new PathAttributes { Origin = Origin.Igp, AsPath = AsPath.FromSequence(65002), NextHop = IPAddress.Parse(nextHop) },
        Nlri = [new Nlri(Prefix.Parse(prefix))],
    };

    private static string? Gateway(KernelTopology t, string dst) =>
        t.RouteOfA(dst) is { } r && r.TryGetProperty("gateway", out var g) ? g.GetString() : null;

    [Fact]
    public async Task KernelSync_NextHopBehindAStaticRoute_InstalledViaItsGatewayAndUnreachableOneWaitsForARoute()
    {
        using var topo = new KernelTopology();
        KernelTopology.In(topo.NodeA, "route", "add", "172.16.0.0/16", "via", "10.77.0.3", "proto", "static");
        await using var sync = NewSync(topo, TimeProvider.System);
        sync.Start();
        var engine = NewEngine(sync);

        engine.Execute(new UpdateReceived(1, Announce("10.50.0.0/24", "172.16.0.9")));
        engine.Execute(new UpdateReceived(1, Announce("10.51.0.0/24", "192.0.2.9")));
        engine.Execute(new Originate(Prefix.Parse("10.10.0.0/24")));

        // Recursive: via the static route's gateway, not on-link to 172.16.0.9.
        Assert.True(await topo.WaitForAsync(t => Gateway(t, "10.50.0.0/24") == "10.77.0.3", Wait), topo.DescribeA());
        Assert.True(await topo.WaitForAsync(t => t.RouteOfA("10.10.0.0/24") is not null, Wait), topo.DescribeA());
        Assert.Null(topo.RouteOfA("10.51.0.0/24"));
        Assert.Equal(2, sync.InstalledRoutes);

        // A route to the unreachable next hop appears: the prefix goes in through it.
        KernelTopology.In(topo.NodeA, "route", "add", "192.0.2.0/24", "via", "10.77.0.2", "proto", "static");
        Assert.True(await topo.WaitForAsync(t => Gateway(t, "10.51.0.0/24") == "10.77.0.2", Wait), topo.DescribeA());
        Assert.True(await topo.WaitForAsync(_ => sync.InstalledRoutes == 3, Wait), sync.InstalledRoutes.ToString(System.Globalization.CultureInfo.InvariantCulture));

        // Withdrawn: removed.
        engine.Execute(new UpdateReceived(1, new UpdateMessage { Withdrawn = [new Nlri(Prefix.Parse("10.50.0.0/24"))] }));
        Assert.True(await topo.WaitForAsync(t => t.RouteOfA("10.50.0.0/24") is null, Wait), topo.DescribeA());
    }

    [Fact]
    public async Task KernelSync_GracefulRestartNoEndOfRib_KeptRoutesReconciledWhenDeferralTimerExpires()
    {
        using var topo = new KernelTopology();
        // Left by an earlier run: one the RIB will want again, one it will not.
        KernelTopology.In(topo.NodeA, "route", "add", "10.60.0.0/24", "via", "10.77.0.2", "dev", "ka", "onlink", "proto", "186");
        KernelTopology.In(topo.NodeA, "route", "add", "10.61.0.0/24", "via", "10.77.0.2", "proto", "186");
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        await using var sync = NewSync(topo, time, gracefulRestart: true);
        sync.Start();
        Assert.Equal(2, sync.InstalledRoutes);
        var engine = NewEngine(sync);
        engine.Execute(new UpdateReceived(1, Announce("10.60.0.0/24", "10.77.0.2")));

        // Before the timer: nothing touched, even the route the RIB no longer has.
        await Task.Delay(500);
        Assert.NotNull(topo.RouteOfA("10.61.0.0/24"));
        Assert.False(sync.Converged);

        time.Advance(TimeSpan.FromSeconds(121));
        Assert.True(await topo.WaitForAsync(t => t.RouteOfA("10.61.0.0/24") is null, Wait), topo.DescribeA());
        Assert.NotNull(topo.RouteOfA("10.60.0.0/24"));
        Assert.True(sync.Converged);
        Assert.Equal(1, sync.InstalledRoutes);
    }
}
