using System.Globalization;
using System.Net;

namespace Bgp.Interop.Tests.Harness;

/// <summary>
/// Network namespaces and veth pairs for one test, named after this process (<c>bgpt-PID-N</c>,
/// interfaces <c>btPID-Na/b</c>) so that concurrent runs and other users' namespaces are never touched.
/// Disposal removes exactly what this instance created, also after a failed test; deleting a namespace
/// removes the veth ends inside it, and the root-namespace ends are deleted by name.
///
/// Addresses come only from private test ranges: IPv4 from 10.255.0.0/16 in /30s, IPv6 from the ULA
/// fd00:b9b::/32 in /64s, salted with the PID so two runs on one host rarely pick the same root-side
/// subnet. Nothing beyond these links is routed, so traffic cannot leave the namespaces the test made.
/// </summary>
public sealed class NetnsTopology : IAsyncDisposable
{
    private static int counter;
    private static readonly int Pid = Environment.ProcessId;

    private readonly List<string> namespaces = [];
    private readonly List<string> rootInterfaces = [];
    private readonly CancellationToken ct;

    public NetnsTopology(CancellationToken ct)
    {
        InteropEnvironment.RequireRoot();
        this.ct = ct;
    }

    public IReadOnlyList<string> Namespaces => namespaces;

    private static int Next() => Interlocked.Increment(ref counter);

    /// <summary>
    /// Creates a namespace with loopback up and IPv6 DAD off (set before any interface moves in, so the
    /// defaults apply to the veth end too).
    /// </summary>
    public async Task<string> AddNamespaceAsync()
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"bgpt-{Pid}-{Next()}");
        await CommandRunner.CheckAsync("ip", ["netns", "add", name], ct).ConfigureAwait(false);
        namespaces.Add(name);
        await CommandRunner.CheckAsync("ip", ["netns", "exec", name, "sysctl", "-qw",
            "net.ipv6.conf.all.accept_dad=0", "net.ipv6.conf.default.accept_dad=0"], ct).ConfigureAwait(false);
        await CommandRunner.CheckAsync("ip", ["-n", name, "link", "set", "lo", "up"], ct).ConfigureAwait(false);
        return name;
    }

    /// <summary>
    /// Joins <paramref name="namespaceA"/> (null: the root namespace, where the test's own speaker runs)
    /// and <paramref name="namespaceB"/> with a veth pair, addresses both ends and brings them up.
    /// </summary>
    public async Task<VethLink> LinkAsync(string? namespaceA, string namespaceB)
    {
        if (namespaceA is not null && !namespaces.Contains(namespaceA) || !namespaces.Contains(namespaceB))
            throw new ArgumentException("both namespaces must have been created by this topology");

        var n = Next();
        var ifA = string.Create(CultureInfo.InvariantCulture, $"bt{Pid}-{n}a");
        var ifB = string.Create(CultureInfo.InvariantCulture, $"bt{Pid}-{n}b");

        // One /30 of 10.255.0.0/16 (16384 of them) and one /64 of fd00:b9b::/32.
        var slot = (int)(((uint)Pid * 37u + (uint)n) % 16384u);
        var v4A = new IPAddress([10, 255, (byte)(slot >> 6), (byte)(((slot & 63) << 2) + 1)]);
        var v4B = new IPAddress([10, 255, (byte)(slot >> 6), (byte)(((slot & 63) << 2) + 2)]);
        var v6Prefix = string.Create(CultureInfo.InvariantCulture, $"fd00:b9b:{Pid & 0xFFFF:x}:{n & 0xFFFF:x}");
        var v6A = IPAddress.Parse(v6Prefix + "::1");
        var v6B = IPAddress.Parse(v6Prefix + "::2");

        List<string> add = ["link", "add", ifA];
        if (namespaceA is not null) add.AddRange(["netns", namespaceA]);
        add.AddRange(["type", "veth", "peer", "name", ifB, "netns", namespaceB]);
        await CommandRunner.CheckAsync("ip", add, ct).ConfigureAwait(false);
        if (namespaceA is null)
        {
            rootInterfaces.Add(ifA);
            // Only this interface's DAD is turned off: the root namespace's global settings stay as they were.
            await File.WriteAllTextAsync($"/proc/sys/net/ipv6/conf/{ifA}/accept_dad", "0", ct).ConfigureAwait(false);
        }

        await ConfigureEndAsync(namespaceA, ifA, v4A, v6A).ConfigureAwait(false);
        await ConfigureEndAsync(namespaceB, ifB, v4B, v6B).ConfigureAwait(false);
        return new VethLink(namespaceA, ifA, v4A, v6A, namespaceB, ifB, v4B, v6B);
    }

    /// <summary>
    /// One shared layer-2 segment, as the nodes of a cluster share a subnet: a bridge in a hub namespace of
    /// its own, and one veth from each member (null: the root namespace) to it. Members get addresses
    /// .1, .2, ... of one /24 of 10.254.0.0/16 and one /64 of fd00:b9c::/32, in the order given.
    /// </summary>
    public async Task<IReadOnlyList<SegmentMember>> SegmentAsync(IReadOnlyList<string?> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        if (members.Count is 0 or > 250) throw new ArgumentOutOfRangeException(nameof(members), "1 to 250 members");
        var hub = await AddNamespaceAsync().ConfigureAwait(false);
        await CommandRunner.CheckAsync("ip", ["-n", hub, "link", "add", "br0", "type", "bridge"], ct).ConfigureAwait(false);
        await CommandRunner.CheckAsync("ip", ["-n", hub, "link", "set", "br0", "up"], ct).ConfigureAwait(false);
        var segment = Next();
        var slot = (int)(((uint)Pid * 31u + (uint)segment) % 256u);
        var v6Prefix = string.Create(CultureInfo.InvariantCulture, $"fd00:b9c:{Pid & 0xFFFF:x}:{segment & 0xFFFF:x}");
        var result = new List<SegmentMember>(members.Count);
        for (var i = 0; i < members.Count; i++)
        {
            var member = members[i];
            if (member is not null && !namespaces.Contains(member)) throw new ArgumentException("members must have been created by this topology");
            var n = Next();
            var ifMember = string.Create(CultureInfo.InvariantCulture, $"bt{Pid}-{n}a");
            var ifHub = string.Create(CultureInfo.InvariantCulture, $"bt{Pid}-{n}b");
            List<string> add = ["link", "add", ifMember];
            if (member is not null) add.AddRange(["netns", member]);
            add.AddRange(["type", "veth", "peer", "name", ifHub, "netns", hub]);
            await CommandRunner.CheckAsync("ip", add, ct).ConfigureAwait(false);
            if (member is null)
            {
                rootInterfaces.Add(ifMember);
                await File.WriteAllTextAsync($"/proc/sys/net/ipv6/conf/{ifMember}/accept_dad", "0", ct).ConfigureAwait(false);
            }
            await CommandRunner.CheckAsync("ip", ["-n", hub, "link", "set", ifHub, "master", "br0"], ct).ConfigureAwait(false);
            await CommandRunner.CheckAsync("ip", ["-n", hub, "link", "set", ifHub, "up"], ct).ConfigureAwait(false);
            var v4 = new IPAddress([10, 254, (byte)slot, (byte)(i + 1)]);
            var v6 = IPAddress.Parse(string.Create(CultureInfo.InvariantCulture, $"{v6Prefix}::{i + 1:x}"));
            List<string> prefix = member is null ? [] : ["-n", member];
            await CommandRunner.CheckAsync("ip", [.. prefix, "addr", "add", $"{v4}/24", "dev", ifMember], ct).ConfigureAwait(false);
            await CommandRunner.CheckAsync("ip", [.. prefix, "addr", "add", $"{v6}/64", "dev", ifMember, "nodad"], ct).ConfigureAwait(false);
            await CommandRunner.CheckAsync("ip", [.. prefix, "link", "set", ifMember, "up"], ct).ConfigureAwait(false);
            result.Add(new SegmentMember(member, ifMember, v4, v6));
        }
        return result;
    }

    /// <summary>Adds one more IPv4 address of the member's /24 to its interface (a second speaker on the same host).</summary>
    public Task AddAddressAsync(SegmentMember member, IPAddress v4)
    {
        ArgumentNullException.ThrowIfNull(member);
        List<string> prefix = member.Namespace is null ? [] : ["-n", member.Namespace];
        return CommandRunner.CheckAsync("ip", [.. prefix, "addr", "add", $"{v4}/24", "dev", member.Interface], ct);
    }

    private async Task ConfigureEndAsync(string? netns, string ifName, IPAddress v4, IPAddress v6)
    {
        List<string> prefix = netns is null ? [] : ["-n", netns];
        await CommandRunner.CheckAsync("ip", [.. prefix, "addr", "add", $"{v4}/30", "dev", ifName], ct).ConfigureAwait(false);
        await CommandRunner.CheckAsync("ip", [.. prefix, "addr", "add", $"{v6}/64", "dev", ifName, "nodad"], ct).ConfigureAwait(false);
        await CommandRunner.CheckAsync("ip", [.. prefix, "link", "set", ifName, "up"], ct).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        var errors = new List<string>();
        foreach (var ifName in rootInterfaces)
        {
            // Deleting one end of a veth deletes the pair; a link already gone with its namespace is fine.
            var r = await CommandRunner.RunAsync("ip", ["link", "del", ifName], CancellationToken.None).ConfigureAwait(false);
            if (!r.Succeeded && !r.Stderr.Contains("Cannot find device", StringComparison.Ordinal)) errors.Add(r.ToString());
        }
        rootInterfaces.Clear();
        foreach (var name in namespaces)
        {
            var r = await CommandRunner.RunAsync("ip", ["netns", "del", name], CancellationToken.None).ConfigureAwait(false);
            if (!r.Succeeded) errors.Add(r.ToString());
        }
        namespaces.Clear();
        if (errors.Count > 0) throw new InvalidOperationException("topology cleanup failed: " + string.Join("; ", errors));
    }
}
