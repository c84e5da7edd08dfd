using Bgp.Netlink.Tests.Harness;
using static Bgp.Netlink.Tests.Harness.R;

namespace Bgp.Netlink.Tests;

/// <summary>Notifications of link, address and route changes made with <c>ip</c> in the sandbox.</summary>
public sealed class MonitorTests
{
    private static List<NetlinkEvent> ReadUntil(NetlinkMonitor monitor, Func<NetlinkEvent, bool> wanted)
    {
        var events = new List<NetlinkEvent>();
        for (var i = 0; i < 20 && !events.Any(wanted); i++) monitor.Read(events);
        return events;
    }

    [Fact]
    public void Read_LinkDownAndAddressRemoved_Reported()
    {
        using var ns = new NetnsSandbox();
        using var monitor = NetlinkMonitor.Open(new NetlinkOptions { NetworkNamespacePath = "/var/run/netns/" + ns.Name, ReceiveTimeout = TimeSpan.FromMilliseconds(500) });
        ns.In("link", "set", "d0", "down");
        var events = ReadUntil(monitor, e => e.Kind == NetlinkEventKind.LinkChanged && e.InterfaceIndex == ns.D0 && !e.IsUp);
        var down = events.First(e => e.Kind == NetlinkEventKind.LinkChanged && e.InterfaceIndex == ns.D0 && !e.IsUp);
        Assert.Equal("d0", down.Name);

        ns.In("addr", "del", "10.0.0.1/24", "dev", "d0");
        events = ReadUntil(monitor, e => e.Kind == NetlinkEventKind.AddressRemoved && e.Address.IsIPv4);
        var removed = events.First(e => e.Kind == NetlinkEventKind.AddressRemoved && e.Address.IsIPv4);
        Assert.Equal((A("10.0.0.1"), 24, ns.D0), (removed.Address, removed.PrefixLength, removed.InterfaceIndex));
    }

    [Fact]
    public void Read_RoutesOfIgnoredProtocol_NotReportedOthersAre()
    {
        using var ns = new NetnsSandbox();
        using var monitor = NetlinkMonitor.Open(new NetlinkOptions { NetworkNamespacePath = "/var/run/netns/" + ns.Name, ReceiveTimeout = TimeSpan.FromMilliseconds(500) }, ignoredProtocol: 186);
        ns.In("route", "add", "172.16.0.0/16", "via", "10.0.0.2", "proto", "186");
        ns.In("route", "add", "172.17.0.0/16", "via", "10.0.0.2", "proto", "static");
        var events = ReadUntil(monitor, e => e.Kind == NetlinkEventKind.RouteChanged);
        var route = events.First(e => e.Kind == NetlinkEventKind.RouteChanged);
        Assert.Equal((A("172.17.0.0"), 16), (route.Address, route.PrefixLength));
        Assert.DoesNotContain(events, e => e.Kind == NetlinkEventKind.RouteChanged && e.Protocol == 186);
    }
}
