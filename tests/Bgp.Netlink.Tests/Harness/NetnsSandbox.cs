using System.Globalization;
using System.Net.Sockets;

namespace Bgp.Netlink.Tests.Harness;

/// <summary>
/// A network namespace for one test (<c>bgpnl-PID-N</c>, removed on dispose, also after a failure)
/// with an interface <c>d0</c> up (one end of a veth pair whose other end, <c>d0p</c>, is in the same namespace), holding 10.0.0.1/24 and fd00:1::1/64, and an
/// <see cref="RtNetlinkClient"/> whose socket lives in that namespace. Nothing is routed out of it.
/// </summary>
internal sealed class NetnsSandbox : IDisposable
{
    private static int counter;

    public NetnsSandbox(NetlinkOptions? options = null)
    {
        if (!Environment.IsPrivilegedProcess)
            throw new InvalidOperationException(
                "Bgp.Netlink.Tests must run as root: they create network namespaces and program routes in them (CI runs as root).");
        Name = string.Create(CultureInfo.InvariantCulture, $"bgpnl-{Environment.ProcessId}-{Interlocked.Increment(ref counter)}");
        Ip.Run("netns", "add", Name);
        try
        {
            Exec("sysctl", "-qw", "net.ipv6.conf.all.accept_dad=0", "net.ipv6.conf.default.accept_dad=0");
            In("link", "set", "lo", "up");
            // This kernel may lack the dummy driver; a veth pair with both ends in the namespace gives
            // the same: an interface with carrier that nothing outside can reach.
            In("link", "add", "d0", "type", "veth", "peer", "name", "d0p");
            In("link", "set", "d0p", "up");
            In("link", "set", "d0", "up");
            In("addr", "add", "10.0.0.1/24", "dev", "d0");
            In("addr", "add", "fd00:1::1/64", "dev", "d0", "nodad");
            Client = RtNetlinkClient.Open((options ?? new NetlinkOptions()) with { NetworkNamespacePath = "/var/run/netns/" + Name });
            D0 = Client.DumpLinks().Single(l => l.Name == "d0").Index;
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Name { get; }
    public RtNetlinkClient Client { get; } = null!;
    public int D0 { get; }

    /// <summary>Runs <c>ip -n NAME args</c>.</summary>
    public string In(params string[] args) => Ip.Run(["-n", Name, .. args]);

    public System.Text.Json.JsonDocument Json(params string[] args) => Ip.Json(["-n", Name, .. args]);

    public void Exec(params string[] command) => Ip.Run(["netns", "exec", Name, .. command]);

    public List<KernelRoute> Routes(AddressFamily family, uint table, byte protocol = 186) => Client.DumpRoutes(family, table, protocol);

    public void Dispose()
    {
        Client?.Dispose();
        Ip.TryRun("netns", "del", Name);
    }
}
