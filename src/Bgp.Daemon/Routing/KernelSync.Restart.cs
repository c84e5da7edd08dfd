using System.Net.Sockets;
using Bgp.Netlink;

namespace Bgp.Daemon.Routing;

public sealed partial class KernelSync
{
    /// <summary>
    /// Counts the routes of our protocol in our table, per address family, without starting anything: what a
    /// previous run left in the kernel, which after a restart with graceful restart is the forwarding state
    /// that was preserved (RFC 4724 4.1). Throws <see cref="NetlinkException"/> when the kernel cannot be reached.
    /// </summary>
    public static (int Ipv4, int Ipv6) CountKeptRoutes(KernelSyncOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var client = RtNetlinkClient.Open(new NetlinkOptions
        {
            Table = options.Table,
            Protocol = options.Protocol,
            NetworkNamespacePath = options.NetworkNamespacePath,
        });
        return (client.DumpRoutes(AddressFamily.InterNetwork, options.Table, options.Protocol).Count,
            client.DumpRoutes(AddressFamily.InterNetworkV6, options.Table, options.Protocol).Count);
    }
}
