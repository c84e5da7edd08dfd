namespace Bgp.Netlink.Tests.Harness;

/// <summary>Short builders for routes in tests.</summary>
internal static class R
{
    public static InetAddress A(string text) => InetAddress.Parse(text);

    public static KernelRoute Via(string prefix, string gateway, uint table = 100, int oif = 0, bool onLink = false, uint metric = 0) => new()
    {
        Destination = InetPrefix.Parse(prefix),
        Table = table,
        Metric = metric,
        NextHop = new RouteNextHop(A(gateway), oif, onLink),
    };

    public static KernelRoute Multi(string prefix, uint table, params RouteNextHop[] hops) => new()
    {
        Destination = InetPrefix.Parse(prefix),
        Table = table,
        MultiPath = hops,
    };

    public static KernelRoute Of(string prefix, RouteType type, uint table = 100) => new()
    {
        Destination = InetPrefix.Parse(prefix),
        Table = table,
        Type = type,
    };

    public static List<RouteFailure> Apply(RtNetlinkClient client, params RouteRequest[] requests)
    {
        var failures = new List<RouteFailure>();
        client.Apply(requests, failures);
        return failures;
    }
}
