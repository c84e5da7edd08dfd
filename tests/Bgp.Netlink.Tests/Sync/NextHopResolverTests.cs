using Bgp.Netlink.Sync;
using Bgp.Netlink.Tests.Harness;
using static Bgp.Netlink.Tests.Harness.R;

namespace Bgp.Netlink.Tests.Sync;

/// <summary>Gateways resolved against the sandbox's main table (d0 holds 10.0.0.1/24 and fd00:1::1/64).</summary>
public sealed class NextHopResolverTests
{
    [Fact]
    public void Resolve_GatewayOnConnectedSubnet_OnLinkOnThatInterface()
    {
        using var ns = new NetnsSandbox();
        var resolver = new NextHopResolver(ns.Client);
        resolver.Refresh();
        Assert.Equal(NextHopResolution.Connected, resolver.Resolve(A("10.0.0.7"), out var hop));
        Assert.Equal(new RouteNextHop(A("10.0.0.7"), ns.D0, OnLink: true), hop);
        Assert.Equal(NextHopResolution.Connected, resolver.Resolve(A("fd00:1::7"), out var hop6));
        Assert.Equal(new RouteNextHop(A("fd00:1::7"), ns.D0, OnLink: true), hop6);
    }

    [Fact]
    public void Resolve_GatewayBehindAnotherRoute_ViaThatRoutesGateway()
    {
        using var ns = new NetnsSandbox();
        ns.In("route", "add", "172.16.0.0/16", "via", "10.0.0.2", "proto", "static");
        ns.In("route", "add", "172.16.5.0/24", "via", "10.0.0.3", "proto", "static");
        var resolver = new NextHopResolver(ns.Client);
        resolver.Refresh();
        // The longest match wins.
        Assert.Equal(NextHopResolution.Recursive, resolver.Resolve(A("172.16.5.9"), out var hop));
        Assert.Equal(new RouteNextHop(A("10.0.0.3"), ns.D0), hop);
        Assert.Equal(NextHopResolution.Recursive, resolver.Resolve(A("172.16.9.9"), out hop));
        Assert.Equal(new RouteNextHop(A("10.0.0.2"), ns.D0), hop);
        Assert.Equal(NextHopResolution.Unreachable, resolver.Resolve(A("192.0.2.1"), out _));
    }

    [Fact]
    public void Resolve_RouteOfOurOwnProtocol_NotUsedForResolution()
    {
        using var ns = new NetnsSandbox();
        ns.In("route", "add", "172.16.0.0/16", "via", "10.0.0.2", "proto", "186");
        var resolver = new NextHopResolver(ns.Client, ownProtocol: 186);
        resolver.Refresh();
        Assert.Equal(NextHopResolution.Unreachable, resolver.Resolve(A("172.16.1.1"), out _));
    }

    [Fact]
    public void Resolve_InterfaceLostCarrier_Unreachable()
    {
        using var ns = new NetnsSandbox();
        var resolver = new NextHopResolver(ns.Client);
        ns.In("link", "set", "d0p", "down");
        resolver.Refresh();
        Assert.Equal(NextHopResolution.Unreachable, resolver.Resolve(A("10.0.0.7"), out _));
        ns.In("link", "set", "d0p", "up");
        resolver.Refresh();
        Assert.Equal(NextHopResolution.Connected, resolver.Resolve(A("10.0.0.7"), out _));
    }
}
