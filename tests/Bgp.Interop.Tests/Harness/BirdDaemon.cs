using System.Globalization;
using System.Net;
using System.Text;
using Bgp.Protocol;

namespace Bgp.Interop.Tests.Harness;

/// <summary>
/// BIRD 2 as a test peer: <c>bird -f -c CONF -s SOCK -P PIDFILE</c> in the namespace, one
/// <c>protocol bgp nI</c> per neighbor, queried with <c>birdc -s SOCK show protocols all nI</c>.
/// </summary>
public sealed class BirdDaemon(string netns, SpeakerSpec spec) : PeerDaemon("bird", netns, spec)
{
    private string Socket => PathOf("bird.ctl");

    public override async Task StartAsync(CancellationToken ct)
    {
        InteropEnvironment.RequireTool(InteropEnvironment.BirdPath);
        await File.WriteAllTextAsync(PathOf("bird.conf"), RenderConfig(), ct).ConfigureAwait(false);
        Launch("bird", InteropEnvironment.BirdPath, ["-f", "-c", PathOf("bird.conf"), "-s", Socket, "-P", PathOf("bird.pid")]);
    }

    private string RenderConfig()
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine(c, $"log \"{PathOf("bird.log")}\" all;");
        sb.AppendLine(c, $"router id {Spec.RouterId};");
        sb.AppendLine("protocol device {}");
        if (Spec.ClusterId is not null) sb.AppendLine(c, $"define CLUSTER = {Spec.ClusterId};");
        foreach (var family in new[] { false, true })
        {
            var mine = Spec.Originate.Where(p => p.IsIpv6 == family).ToList();
            if (mine.Count == 0) continue;
            sb.AppendLine(c, $"protocol static pods{(family ? 6 : 4)} {{");
            sb.AppendLine(c, $"  {(family ? "ipv6" : "ipv4")};");
            foreach (var p in mine) sb.AppendLine(c, $"  route {p} blackhole;");
            sb.AppendLine("}");
        }
        for (var i = 0; i < Spec.Neighbors.Count; i++)
        {
            var n = Spec.Neighbors[i];
            sb.AppendLine(c, $"protocol bgp n{i} {{");
            sb.AppendLine(c, $"  local {n.LocalAddress} as {Spec.LocalAs};");
            sb.AppendLine(c, $"  neighbor {n.Address} as {n.PeerAs};");
            if (n.Password is not null) sb.AppendLine(c, $"  password \"{n.Password}\";");
            if (n.Passive) sb.AppendLine("  passive on;");
            // BIRD takes iBGP as multihop, resolving next hops through an IGP table this namespace does not
            // have (its routes would show "unreachable"); every neighbor here is on a shared link.
            if (n.PeerAs == Spec.LocalAs) sb.AppendLine("  direct;");
            if (n.RouteReflectorClient)
            {
                sb.AppendLine("  rr client;");
                if (Spec.ClusterId is not null) sb.AppendLine(c, $"  rr cluster id {Spec.ClusterId};");
            }
            if (n.GracefulRestart) sb.AppendLine("  graceful restart on;");
            // Retry fast, and do not hold the session down for a minute after an error.
            sb.AppendLine("  connect retry time 1;");
            sb.AppendLine("  connect delay time 1;");
            sb.AppendLine("  error wait time 1, 5;");
            foreach (var f in n.Families)
                sb.AppendLine(c, $"  {ChannelName(f)} {{ import all; export {(n.ExportAll ? "all" : "none")}; }};");
            sb.AppendLine("}");
        }
        return sb.ToString();
    }

    /// <summary>
    /// BIRD's own table entry for <paramref name="prefix"/> (<c>show route PREFIX all</c>), or null when it has
    /// no route to exactly that prefix.
    /// </summary>
    public async Task<BirdRoute?> ShowRouteAsync(Prefix prefix, CancellationToken ct)
    {
        ThrowIfExited();
        var r = await CommandRunner.RunAsync(InteropEnvironment.BirdcPath, ["-s", Socket, "show", "route", prefix.ToString(), "all"], ct).ConfigureAwait(false);
        // birdc exits 1 for "Network not found", which is an answer here, not a failure.
        if (!r.Succeeded && !r.Stdout.Contains("Network not found", StringComparison.Ordinal)) throw new InvalidOperationException($"birdc: {r}");
        return BirdRoute.Parse(prefix, r.Stdout);
    }

    /// <summary>The raw text of <c>show protocols all</c> for the neighbor (graceful restart details the view does not parse).</summary>
    public async Task<string> ShowProtocolTextAsync(IPAddress neighbor, CancellationToken ct)
    {
        ThrowIfExited();
        var name = "n" + IndexOf(neighbor).ToString(CultureInfo.InvariantCulture);
        var r = await CommandRunner.RunAsync(InteropEnvironment.BirdcPath, ["-s", Socket, "show", "protocols", "all", name], ct).ConfigureAwait(false);
        if (!r.Succeeded) throw new InvalidOperationException($"birdc: {r}");
        return r.Stdout;
    }

    /// <summary>The raw text of <c>show route PREFIX all</c>.</summary>
    public async Task<string> ShowRouteTextAsync(Prefix prefix, CancellationToken ct)
    {
        ThrowIfExited();
        var r = await CommandRunner.RunAsync(InteropEnvironment.BirdcPath, ["-s", Socket, "show", "route", prefix.ToString(), "all"], ct).ConfigureAwait(false);
        return r.Stdout;
    }

    private static string ChannelName(AfiSafi f) =>
        f == AfiSafi.Ipv4Unicast ? "ipv4" : f == AfiSafi.Ipv6Unicast ? "ipv6" : throw new NotSupportedException(f.ToString());

    private int IndexOf(IPAddress neighbor)
    {
        for (var i = 0; i < Spec.Neighbors.Count; i++)
            if (Spec.Neighbors[i].Address.Equals(neighbor)) return i;
        throw new ArgumentException($"{neighbor} is not configured on {this}");
    }

    protected override async Task<NeighborView> QueryNeighborAsync(IPAddress neighbor, CancellationToken ct)
    {
        var name = "n" + IndexOf(neighbor).ToString(CultureInfo.InvariantCulture);
        var r = await CommandRunner.RunAsync(InteropEnvironment.BirdcPath, ["-s", Socket, "show", "protocols", "all", name], ct).ConfigureAwait(false);
        if (!r.Succeeded || !r.Stdout.Contains("BGP state:", StringComparison.Ordinal))
            throw new InvalidOperationException($"birdc: {r}");
        return Parse(r.Stdout);
    }

    /// <summary>
    /// Reads <c>show protocols all</c>: "BGP state:", "Neighbor AS:", and the capability lists under
    /// "Local capabilities" / "Neighbor capabilities" (names at one indent, details one deeper).
    /// </summary>
    public static NeighborView Parse(string text)
    {
        string state = "unknown";
        uint? peerAs = null;
        var sent = new HashSet<PeerCapability>();
        var received = new HashSet<PeerCapability>();
        var sentFamilies = new HashSet<AfiSafi>();
        var receivedFamilies = new HashSet<AfiSafi>();
        HashSet<PeerCapability>? caps = null;
        HashSet<AfiSafi>? families = null;
        int capIndent = -1;

        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd();
            var body = line.TrimStart();
            var indent = line.Length - body.Length;
            if (body.Length == 0) continue;

            if (caps is not null)
            {
                if (capIndent < 0) capIndent = indent;
                if (indent < capIndent)
                {
                    caps = null;
                    families = null;
                }
                else if (indent == capIndent)
                {
                    var cap = CapabilityOf(body);
                    if (cap is { } known) caps.Add(known);
                    continue;
                }
                else
                {
                    if (body.StartsWith("AF announced:", StringComparison.Ordinal))
                        foreach (var af in body["AF announced:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
                            if (FamilyOf(af) is { } f) families!.Add(f);
                    continue;
                }
            }

            if (body.StartsWith("BGP state:", StringComparison.Ordinal)) state = body["BGP state:".Length..].Trim();
            else if (body.StartsWith("Neighbor AS:", StringComparison.Ordinal)) peerAs = uint.Parse(body["Neighbor AS:".Length..].Trim(), CultureInfo.InvariantCulture);
            else if (body == "Local capabilities") (caps, families, capIndent) = (sent, sentFamilies, -1);
            else if (body == "Neighbor capabilities") (caps, families, capIndent) = (received, receivedFamilies, -1);
        }
        return new NeighborView(state, state == "Established", peerAs, sent, received, sentFamilies, receivedFamilies);
    }

    private static AfiSafi? FamilyOf(string birdName) => birdName switch
    {
        "ipv4" => AfiSafi.Ipv4Unicast,
        "ipv6" => AfiSafi.Ipv6Unicast,
        _ => null,
    };

    private static PeerCapability? CapabilityOf(string line) => line switch
    {
        "Multiprotocol" => PeerCapability.Multiprotocol,
        "Route refresh" => PeerCapability.RouteRefresh,
        "Enhanced refresh" => PeerCapability.EnhancedRouteRefresh,
        "4-octet AS numbers" => PeerCapability.FourOctetAs,
        "Graceful restart" => PeerCapability.GracefulRestart,
        "Long-lived graceful restart" => PeerCapability.LongLivedGracefulRestart,
        "Extended message" => PeerCapability.ExtendedMessage,
        "ADD-PATH" => PeerCapability.AddPath,
        "Extended next hop" => PeerCapability.ExtendedNextHop,
        _ when line.StartsWith("Hostname:", StringComparison.Ordinal) => PeerCapability.Fqdn,
        _ when line.StartsWith("Role:", StringComparison.Ordinal) => PeerCapability.Role,
        _ => null,
    };
}
