namespace Bgp.Netlink;

/// <summary>One change for <see cref="RtNetlinkClient.Apply"/>.</summary>
public readonly record struct RouteRequest(RouteOperation Operation, KernelRoute Route)
{
    public static RouteRequest Add(KernelRoute route) => new(RouteOperation.Add, route);
    public static RouteRequest Replace(KernelRoute route) => new(RouteOperation.Replace, route);
    public static RouteRequest Delete(KernelRoute route) => new(RouteOperation.Delete, route);
}
