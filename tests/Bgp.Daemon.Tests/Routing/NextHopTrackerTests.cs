using System.Net;
using Bgp.Daemon.Routing;
using Bgp.Netlink;
using Bgp.Netlink.Sync;
using Bgp.Rib;
using Bgp.Rib.Engine;

namespace Bgp.Daemon.Tests.Routing;

/// <summary>The kernel sync worker's next-hop logic, with the kernel's answers faked.</summary>
public sealed class NextHopTrackerTests
{
    private static readonly IPAddress A = IPAddress.Parse("198.51.100.1");
    private static readonly IPAddress B = IPAddress.Parse("198.51.100.2");

    private readonly Dictionary<InetAddress, NextHopState> _kernel = [];
    private readonly NextHopTracker _tracker;

    public NextHopTrackerTests() => _tracker = new NextHopTracker(hop => _kernel.TryGetValue(hop, out var s) ? s : NextHopState.Unreachable);

    private void Kernel(IPAddress hop, NextHopState state) => _kernel[InetAddress.FromIPAddress(hop)] = state;

    private List<NextHopChanged> Collect(bool all)
    {
        var into = new List<NextHopChanged>();
        Assert.Equal(_tracker.Collect(all, into), into.Count);
        return into;
    }

    [Fact]
    public void Collect_NewHop_ReportedOnceEvenWhenConnected()
    {
        Kernel(A, NextHopState.Connected);
        _tracker.Use(A);
        Assert.Equal([new NextHopChanged(A, NextHopState.Connected)], Collect(all: false));
        Assert.Empty(Collect(all: false));
        Assert.Empty(Collect(all: true));
    }

    [Fact]
    public void Collect_AfterKernelChange_OnlyHopsWhoseStateDiffers()
    {
        Kernel(A, NextHopState.Connected);
        Kernel(B, new NextHopState(true, 20));
        _tracker.Use(A);
        _tracker.Use(B);
        Assert.Equal(2, Collect(all: false).Count);

        Kernel(B, new NextHopState(true, 5));
        Assert.Equal([new NextHopChanged(B, new NextHopState(true, 5))], Collect(all: true));

        _kernel.Clear();
        var lost = Collect(all: true);
        Assert.Equal(2, lost.Count);
        Assert.All(lost, c => Assert.Equal(NextHopState.Unreachable, c.State));
        Assert.True(_tracker.TryGetState(A, out var a) && !a.Reachable);
    }

    [Fact]
    public void Collect_HopReleased_NotResolvedOrReportedAgain()
    {
        Kernel(A, NextHopState.Connected);
        _tracker.Use(A);
        _tracker.Release(A);
        Assert.Empty(Collect(all: false));
        Kernel(A, NextHopState.Unreachable);
        Assert.Empty(Collect(all: true));
        Assert.Equal(0, _tracker.Count);
    }

    [Fact]
    public void Collect_HopReusedAfterUnreachable_StartsFromConnectedAndIsReportedAgain()
    {
        _tracker.Use(A);
        Assert.Equal([new NextHopChanged(A, NextHopState.Unreachable)], Collect(all: false));
        _tracker.Release(A);
        _tracker.Use(A);
        Assert.True(_tracker.TryGetState(A, out var s) && s == NextHopState.Connected);
        Assert.Equal([new NextHopChanged(A, NextHopState.Unreachable)], Collect(all: true));
    }

    [Theory]
    [InlineData(NextHopResolution.Connected, 100u, true, 0u)]
    [InlineData(NextHopResolution.Recursive, 100u, true, 100u)]
    [InlineData(NextHopResolution.Unreachable, 0u, false, uint.MaxValue)]
    public void StateOf_Resolution_ReachabilityAndIgpCost(NextHopResolution resolution, uint metric, bool reachable, uint cost) =>
        Assert.Equal(new NextHopState(reachable, cost), NextHopTracker.StateOf(resolution, metric));
}
