using System.Net;
using System.Net.Sockets;

namespace Bgp.Cli.Tests.Api;

/// <summary>Where bgpctl connects, and what it says when it cannot or bgpd is too slow.</summary>
public sealed class ConnectionTests
{
    /// <summary>A loopback port nobody listens on: bound by the OS, then released.</summary>
    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    [Theory]
    [InlineData("peers")]
    [InlineData("routes", "--json")]
    [InlineData("watch")]
    public async Task Command_DaemonNotListening_CannotReachMessageExit69(params string[] args)
    {
        int port = ClosedPort();

        var r = await CliRun.RunAsync([.. args, "--api", $"127.0.0.1:{port}"]);

        Assert.Equal(69, r.Exit);
        Assert.Equal("", r.Out);
        Assert.Equal($"bgpctl: cannot reach bgpd at 127.0.0.1:{port}: connection refused", r.Err.Trim());
    }

    [Fact]
    public async Task Environment_BgpctlApi_UsedWithoutOption()
    {
        await using var server = await ApiServer.StartAsync();
        server.Service.Peers.Add(SampleData.Established());

        var r = await CliRun.RunAsync(["peers", "--json"], new Dictionary<string, string> { ["BGPCTL_API"] = server.Address });

        Assert.Equal(0, r.Exit);
        Assert.Contains("192.0.2.1", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Option_Api_WinsOverEnvironment()
    {
        await using var server = await ApiServer.StartAsync();
        int closed = ClosedPort();

        var r = await CliRun.RunAsync(["peers", "--api", server.Address], new Dictionary<string, string> { ["BGPCTL_API"] = $"127.0.0.1:{closed}" });

        Assert.Equal(0, r.Exit);
    }

    [Fact]
    public async Task Default_NoOptionNoEnvironment_Names127001Port50051()
    {
        var r = await CliRun.RunAsync(["peers", "--timeout", "2"]);

        // Whatever listens there on the test machine, bgpctl must have gone to the documented default.
        if (r.Exit == 69) Assert.StartsWith("bgpctl: cannot reach bgpd at 127.0.0.1:50051: ", r.Err, StringComparison.Ordinal);
        else Assert.DoesNotContain("cannot reach", r.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unary_ServerSlowerThanTimeout_DeadlineMessageExit75()
    {
        await using var server = await ApiServer.StartAsync();
        server.Service.GlobalDelay = TimeSpan.FromSeconds(30);

        var r = await CliRun.AgainstAsync(server, "global", "--timeout", "0.3");

        Assert.Equal(75, r.Exit);
        Assert.Equal($"bgpctl: bgpd at {server.Address} did not answer within 0.3 s", r.Err.Trim());
    }

    [Theory]
    [InlineData("ftp://127.0.0.1:1", "scheme must be http or https")]
    [InlineData("127.0.0.1:notaport", "is not HOST:PORT")]
    public async Task Option_BadApi_UsageError(string api, string message)
    {
        var r = await CliRun.RunAsync(["peers", "--api", api]);

        Assert.Equal(64, r.Exit);
        Assert.Contains(message, r.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Option_CertWithoutKey_UsageError()
    {
        var r = await CliRun.RunAsync(["peers", "--cert", "client.pem"]);

        Assert.Equal(64, r.Exit);
        Assert.Contains("--cert and --key go together", r.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Option_MissingCaFile_UsageErrorNamingIt()
    {
        var r = await CliRun.RunAsync(["peers", "--ca", "/nonexistent/ca.pem"]);

        Assert.Equal(64, r.Exit);
        Assert.Contains("/nonexistent/ca.pem", r.Err, StringComparison.Ordinal);
    }
}
