using Bgp.Netlink;
using System.Net.Sockets;

namespace Bgp.KernelBench;

/// <summary>
/// Counts routes in the namespace the process runs in without listing them as text: IPv4 from
/// /proc/net/fib_triestat (the "Prefixes:" line of the Main trie), IPv6 by a netlink dump of table main.
/// </summary>
internal static class Counter
{
    public static int Ipv4Prefixes()
    {
        var main = false;
        foreach (var line in File.ReadLines("/proc/net/fib_triestat"))
        {
            if (line.StartsWith("Main:", StringComparison.Ordinal)) main = true;
            else if (main && line.TrimStart().StartsWith("Prefixes:", StringComparison.Ordinal))
                return int.Parse(line.AsSpan(line.IndexOf(':', StringComparison.Ordinal) + 1).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        }
        throw new InvalidOperationException("no Main trie in /proc/net/fib_triestat");
    }

    public static int Ipv6Routes(RtNetlinkClient client) => client.DumpRoutes(AddressFamily.InterNetworkV6, 254).Count;
}
