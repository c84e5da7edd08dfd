using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace Bgp.Netlink.Tests.Harness;

/// <summary>
/// Measures how fast routes go into the kernel: N distinct IPv4 /32s from 10.128.0.0 upwards
/// via 10.0.0.2 in table 100, once through <see cref="RtNetlinkClient.Apply"/> and,
/// for comparison, once through <c>ip -batch</c> into table 101 of the same namespace.
/// Counting is by a netlink dump, never by timing assertions.
/// </summary>
internal static class InstallRate
{
    public static RouteRequest[] Requests(int n, uint table)
    {
        var requests = new RouteRequest[n];
        for (var i = 0; i < n; i++)
        {
            // 10.128.0.0 + i: distinct host routes, far from the sandbox's 10.0.0.0/24.
            var address = (10u << 24) + (128u << 16) + (uint)i;
            requests[i] = RouteRequest.Add(new KernelRoute
            {
                Destination = new InetPrefix(InetAddress.FromIPv4(address), 32),
                Table = table,
                NextHop = RouteNextHop.Via(InetAddress.FromIPv4((10u << 24) + 2)),
            });
        }
        return requests;
    }

    /// <summary>Routes per second through our client; fails if any route was refused.</summary>
    public static (double RoutesPerSecond, int Failures) Ours(NetnsSandbox ns, RouteRequest[] requests)
    {
        var failures = new List<RouteFailure>();
        var sw = Stopwatch.StartNew();
        ns.Client.Apply(requests, failures);
        sw.Stop();
        return (requests.Length / sw.Elapsed.TotalSeconds, failures.Count);
    }

    /// <summary>Routes per second through <c>ip -batch</c> (one process, one netlink request per line).</summary>
    public static double IpBatch(NetnsSandbox ns, int n, uint table)
    {
        var file = Path.Combine(Path.GetTempPath(), ns.Name + ".batch");
        using (var w = new StreamWriter(file))
        {
            for (var i = 0; i < n; i++)
                w.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"route add 10.{128 + (i >> 16)}.{(i >> 8) & 255}.{i & 255}/32 via 10.0.0.2 proto 186 table {table}"));
        }
        try
        {
            var sw = Stopwatch.StartNew();
            ns.In("-batch", file);
            sw.Stop();
            var count = ns.Client.DumpRoutes(AddressFamily.InterNetwork, table).Count;
            if (count != n) throw new InvalidOperationException("ip -batch installed " + count + " of " + n);
            return n / sw.Elapsed.TotalSeconds;
        }
        finally
        {
            File.Delete(file);
        }
    }
}
