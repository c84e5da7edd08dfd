using System.Globalization;
using System.Net.Sockets;
using Bgp.Netlink.Tests.Harness;
using Xunit.Abstractions;
using static Bgp.Netlink.Tests.Harness.R;

namespace Bgp.Netlink.Tests;

/// <summary>Many requests per send: every one acknowledged, each failure mapped back to its own request.</summary>
public sealed class BatchTests(ITestOutputHelper output)
{
    [Fact]
    public void Apply_TenThousandRoutes_AllAckedAndInstalled()
    {
        using var ns = new NetnsSandbox();
        var requests = InstallRate.Requests(10_000, 100);
        var failures = new List<RouteFailure>();
        Assert.Equal(0, ns.Client.Apply(requests, failures));
        Assert.Empty(failures);
        Assert.Equal(10_000, ns.Routes(AddressFamily.InterNetwork, 100).Count);

        // And all of them out again in one call.
        var deletes = requests.Select(r => RouteRequest.Delete(r.Route)).ToArray();
        Assert.Equal(0, ns.Client.Apply(deletes, failures));
        Assert.Empty(ns.Routes(AddressFamily.InterNetwork, 100));
    }

    [Fact]
    public void Apply_SmallSendBuffer_SplitsIntoManySendsAndAcksAll()
    {
        // 4 KB holds ~60 IPv4 routes: 1,000 routes take many sends, each with its own window of sequence numbers.
        using var ns = new NetnsSandbox(new NetlinkOptions { SendBufferBytes = 4096 });
        var failures = new List<RouteFailure>();
        Assert.Equal(0, ns.Client.Apply(InstallRate.Requests(1_000, 100), failures));
        Assert.Equal(1_000, ns.Routes(AddressFamily.InterNetwork, 100).Count);
    }

    [Fact]
    public void Apply_UnreachableGatewayInBatch_FailsOnlyThatRoute()
    {
        using var ns = new NetnsSandbox();
        var requests = new RouteRequest[200];
        for (var i = 0; i < requests.Length; i++)
            requests[i] = RouteRequest.Add(Via(string.Create(CultureInfo.InvariantCulture, $"10.9.{i}.0/24"), i == 137 ? "192.0.2.1" : "10.0.0.2"));

        var failures = Apply(ns.Client, requests);

        var failure = Assert.Single(failures);
        Assert.Equal(137, failure.Index);
        Assert.Equal(Errno.ENETUNREACH, failure.Error);
        Assert.False(string.IsNullOrEmpty(failure.Message)); // NETLINK_EXT_ACK text, e.g. "Nexthop has invalid gateway"
        output.WriteLine(failure.ToString());
        var installed = ns.Routes(AddressFamily.InterNetwork, 100);
        Assert.Equal(199, installed.Count);
        Assert.DoesNotContain(installed, r => r.Destination == InetPrefix.Parse("10.9.137.0/24"));
    }

    [Fact]
    public void Apply_DeleteMissingRoutes_ReportsEsrchForEach()
    {
        using var ns = new NetnsSandbox();
        Assert.Empty(Apply(ns.Client, RouteRequest.Add(Via("10.10.1.0/24", "10.0.0.2")), RouteRequest.Add(Via("2001:db8:a::/64", "fd00:1::2"))));

        var failures = Apply(ns.Client,
            RouteRequest.Delete(Via("10.10.0.0/24", "10.0.0.2")),
            RouteRequest.Delete(Via("10.10.1.0/24", "10.0.0.2")),
            RouteRequest.Delete(Via("10.10.2.0/24", "10.0.0.2")),
            RouteRequest.Delete(Via("2001:db8:b::/64", "fd00:1::2")),
            RouteRequest.Delete(Via("2001:db8:a::/64", "fd00:1::2")));

        Assert.Equal([(0, Errno.ESRCH), (2, Errno.ESRCH), (3, Errno.ESRCH)], failures.Select(f => (f.Index, f.Error)).Order());
        Assert.Empty(ns.Routes(AddressFamily.InterNetwork, 100));
        Assert.Empty(ns.Routes(AddressFamily.InterNetworkV6, 100));
    }

    [Fact]
    public void Apply_FailedRequestsRetried_SucceedOnceCauseIsFixed()
    {
        using var ns = new NetnsSandbox();
        var requests = new[] { RouteRequest.Add(Via("10.11.0.0/24", "10.0.0.2")), RouteRequest.Add(Via("10.11.1.0/24", "10.0.1.2")) };
        var failure = Assert.Single(Apply(ns.Client, requests));
        Assert.Equal((1, Errno.ENETUNREACH), (failure.Index, failure.Error));

        ns.In("addr", "add", "10.0.1.1/24", "dev", "d0");
        Assert.Empty(Apply(ns.Client, requests[failure.Index]));
        Assert.Equal(2, ns.Routes(AddressFamily.InterNetwork, 100).Count);
    }

    [Fact]
    public void Apply_SteadyState_AllocatesNothing()
    {
        using var ns = new NetnsSandbox();
        var requests = InstallRate.Requests(2_000, 100);
        for (var i = 0; i < requests.Length; i++) requests[i] = RouteRequest.Replace(requests[i].Route);
        var failures = new List<RouteFailure>();
        ns.Client.Apply(requests, failures); // first pass: JIT and route creation
        var before = GC.GetAllocatedBytesForCurrentThread();
        ns.Client.Apply(requests, failures);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Empty(failures);
        Assert.Equal(0, allocated);
    }

    /// <summary>
    /// Prints the install rate; N from BGP_NETLINK_RATE_ROUTES (default 20,000), and with
    /// BGP_NETLINK_RATE_IPBATCH=1 also <c>ip -batch</c> for the same routes. Asserts only that all went in.
    /// </summary>
    [Fact]
    public void Apply_ManyRoutes_InstallRateReported()
    {
        var n = int.TryParse(Environment.GetEnvironmentVariable("BGP_NETLINK_RATE_ROUTES"), out var v) ? v : 20_000;
        using var ns = new NetnsSandbox();
        var requests = InstallRate.Requests(n, 100);
        var (rate, failures) = InstallRate.Ours(ns, requests);
        Assert.Equal(0, failures);
        Assert.Equal(n, ns.Routes(AddressFamily.InterNetwork, 100).Count);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RtNetlinkClient: {n} IPv4 routes, {rate:F0} routes/s ({ns.Client.MaxRequestsPerSend} per send max)"));
        if (Environment.GetEnvironmentVariable("BGP_NETLINK_RATE_IPBATCH") == "1")
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ip -batch: {n} IPv4 routes, {InstallRate.IpBatch(ns, n, 101):F0} routes/s"));
    }
}
