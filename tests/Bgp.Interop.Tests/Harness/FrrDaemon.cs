using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Bgp.Protocol;

namespace Bgp.Interop.Tests.Harness;

/// <summary>
/// FRR as a test peer: zebra and <c>bgpd -n</c> in the namespace. bgpd without zebra drops IPv6 routes
/// whose next hop it cannot resolve, and <c>-n</c> keeps routes out of the namespace's kernel table.
/// Both drop privileges to user <c>frr</c>, so the work folder (config, vty sockets, zserv socket, pid
/// files, logs) is handed to that user; <c>--vty_socket</c> and <c>-z</c> point every socket there
/// instead of the shared /var/run/frr. Queried with <c>vtysh --vty_socket DIR</c>.
/// </summary>
public sealed class FrrDaemon(string netns, SpeakerSpec spec) : PeerDaemon("frr", netns, spec)
{
    public override async Task StartAsync(CancellationToken ct)
    {
        InteropEnvironment.RequireTool(InteropEnvironment.FrrBgpdPath);
        InteropEnvironment.RequireTool(InteropEnvironment.ZebraPath);
        await File.WriteAllTextAsync(PathOf("bgpd.conf"), RenderConfig(), ct).ConfigureAwait(false);
        await File.WriteAllTextAsync(PathOf("zebra.conf"), "", ct).ConfigureAwait(false);
        await CommandRunner.CheckAsync("chown", ["-R", "frr:frr", WorkDir], ct).ConfigureAwait(false);

        var zserv = PathOf("zserv.api");
        Launch("zebra", InteropEnvironment.ZebraPath,
            ["-f", PathOf("zebra.conf"), "--vty_socket", WorkDir, "-z", zserv, "-i", PathOf("zebra.pid"), "--log", "file:" + PathOf("zebra.log")]);
        // bgpd would retry the zserv connection, but starting it after zebra listens saves a retry period.
        await Eventually.WaitAsync("zebra's zserv socket", _ =>
        {
            ThrowIfExited();
            return Task.FromResult(File.Exists(zserv));
        }, ready => ready, ct, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        Launch("bgpd", InteropEnvironment.FrrBgpdPath,
            ["-n", "-f", PathOf("bgpd.conf"), "--vty_socket", WorkDir, "-z", zserv, "-i", PathOf("bgpd.pid"), "--log", "file:" + PathOf("bgpd.log")]);
    }

    private string RenderConfig()
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine("frr defaults traditional");
        sb.AppendLine(c, $"hostname {Namespace}");
        sb.AppendLine(c, $"router bgp {Spec.LocalAs}");
        sb.AppendLine(c, $" bgp router-id {Spec.RouterId}");
        // FRR's defaults refuse eBGP routes without a policy (RFC 8212) and activate IPv4 on every neighbor.
        sb.AppendLine(" no bgp ebgp-requires-policy");
        sb.AppendLine(" no bgp default ipv4-unicast");
        foreach (var n in Spec.Neighbors)
        {
            sb.AppendLine(c, $" neighbor {n.Address} remote-as {n.PeerAs}");
            sb.AppendLine(c, $" neighbor {n.Address} update-source {n.LocalAddress}");
            sb.AppendLine(c, $" neighbor {n.Address} timers connect 1");
            if (n.Password is not null) sb.AppendLine(c, $" neighbor {n.Address} password {n.Password}");
            if (n.Passive) sb.AppendLine(c, $" neighbor {n.Address} passive");
        }
        foreach (var f in (ReadOnlySpan<AfiSafi>)[AfiSafi.Ipv4Unicast, AfiSafi.Ipv6Unicast])
        {
            sb.AppendLine(c, $" address-family {(f == AfiSafi.Ipv4Unicast ? "ipv4" : "ipv6")} unicast");
            foreach (var n in Spec.Neighbors)
                if (n.Families.Contains(f)) sb.AppendLine(c, $"  neighbor {n.Address} activate");
            sb.AppendLine(" exit-address-family");
        }
        return sb.ToString();
    }

    protected override async Task<NeighborView> QueryNeighborAsync(IPAddress neighbor, CancellationToken ct)
    {
        var r = await CommandRunner.RunAsync(InteropEnvironment.VtyshPath,
            ["--vty_socket", WorkDir, "-d", "bgpd", "-c", $"show bgp neighbors {neighbor} json"], ct).ConfigureAwait(false);
        if (!r.Succeeded || !r.Stdout.TrimStart().StartsWith('{')) throw new InvalidOperationException($"vtysh: {r}");
        return Parse(r.Stdout, neighbor.ToString());
    }

    /// <summary>
    /// Reads <c>show bgp neighbors ADDR json</c>: <c>bgpState</c>, <c>remoteAs</c> and
    /// <c>neighborCapabilities</c>, whose values say "advertised", "received" or "advertisedAndReceived".
    /// </summary>
    public static NeighborView Parse(string json, string neighbor)
    {
        using var doc = JsonDocument.Parse(json);
        if (!doc.RootElement.TryGetProperty(neighbor, out var n))
            throw new InvalidOperationException($"vtysh: no neighbor {neighbor} in {json}");
        var state = n.TryGetProperty("bgpState", out var s) ? s.GetString() ?? "unknown" : "unknown";
        uint? peerAs = n.TryGetProperty("remoteAs", out var a) && a.ValueKind == JsonValueKind.Number ? a.GetUInt32() : null;

        var sent = new HashSet<PeerCapability>();
        var received = new HashSet<PeerCapability>();
        var sentFamilies = new HashSet<AfiSafi>();
        var receivedFamilies = new HashSet<AfiSafi>();
        if (n.TryGetProperty("neighborCapabilities", out var caps))
        {
            foreach (var p in caps.EnumerateObject())
            {
                PeerCapability? cap = p.Name switch
                {
                    "4byteAs" => PeerCapability.FourOctetAs,
                    "extendedMessage" => PeerCapability.ExtendedMessage,
                    "routeRefresh" => PeerCapability.RouteRefresh,
                    "enhancedRouteRefresh" => PeerCapability.EnhancedRouteRefresh,
                    // FRR 8.4 names it "gracefulRestart" when both sides sent it, "gracefulRestartCapability" otherwise.
                    "gracefulRestart" or "gracefulRestartCapability" => PeerCapability.GracefulRestart,
                    "longLivedGracefulRestart" => PeerCapability.LongLivedGracefulRestart,
                    "extendedNexthop" => PeerCapability.ExtendedNextHop,
                    "role" => PeerCapability.Role,
                    _ => null,
                };
                if (cap is { } known && p.Value.ValueKind == JsonValueKind.String)
                {
                    var v = p.Value.GetString() ?? "";
                    if (v.Contains("advertised", StringComparison.Ordinal)) sent.Add(known);
                    if (v.Contains("eceived", StringComparison.Ordinal)) received.Add(known);
                }
                else if (p.Name == "multiprotocolExtensions")
                {
                    foreach (var fam in p.Value.EnumerateObject())
                    {
                        if (FamilyOf(fam.Name) is not { } f) continue;
                        foreach (var flag in fam.Value.EnumerateObject())
                        {
                            if (flag.Value.ValueKind != JsonValueKind.True) continue;
                            if (flag.Name.Contains("advertised", StringComparison.Ordinal)) { sent.Add(PeerCapability.Multiprotocol); sentFamilies.Add(f); }
                            if (flag.Name.Contains("eceived", StringComparison.Ordinal)) { received.Add(PeerCapability.Multiprotocol); receivedFamilies.Add(f); }
                        }
                    }
                }
                else if (p.Name == "addPath")
                {
                    foreach (var fam in p.Value.EnumerateObject())
                        foreach (var flag in fam.Value.EnumerateObject())
                        {
                            if (flag.Value.ValueKind != JsonValueKind.True) continue;
                            if (flag.Name.EndsWith("Advertised", StringComparison.Ordinal)) sent.Add(PeerCapability.AddPath);
                            if (flag.Name.EndsWith("Received", StringComparison.Ordinal)) received.Add(PeerCapability.AddPath);
                        }
                }
                else if (p.Name == "hostName")
                {
                    if (p.Value.TryGetProperty("advHostName", out _)) sent.Add(PeerCapability.Fqdn);
                    if (p.Value.TryGetProperty("rcvHostName", out _)) received.Add(PeerCapability.Fqdn);
                }
            }
        }
        return new NeighborView(state, state == "Established", peerAs, sent, received, sentFamilies, receivedFamilies);
    }

    private static AfiSafi? FamilyOf(string frrName) => frrName switch
    {
        "ipv4Unicast" => AfiSafi.Ipv4Unicast,
        "ipv6Unicast" => AfiSafi.Ipv6Unicast,
        _ => null,
    };
}
