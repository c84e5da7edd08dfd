using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Bgp.Protocol;

namespace Bgp.Interop.Tests.Harness;

/// <summary>
/// GoBGP as a test peer: <c>gobgpd -f CONF.toml --api-hosts 127.0.0.1:PORT</c> in the namespace (that
/// 127.0.0.1 is the namespace's own loopback, so every instance can use the same port), queried with
/// <c>gobgp -p PORT neighbor ADDR -j</c> in the same namespace.
/// </summary>
public sealed class GoBgpDaemon(string netns, SpeakerSpec spec) : PeerDaemon("gobgp", netns, spec)
{
    private const string ApiPort = "50051";

    public override async Task StartAsync(CancellationToken ct)
    {
        InteropEnvironment.RequireTool(InteropEnvironment.GoBgpdPath);
        await File.WriteAllTextAsync(PathOf("gobgpd.toml"), RenderConfig(), ct).ConfigureAwait(false);
        Launch("gobgpd", InteropEnvironment.GoBgpdPath, ["-f", PathOf("gobgpd.toml"), "--api-hosts", "127.0.0.1:" + ApiPort, "--log-plain", "--pprof-disable"]);
    }

    private string RenderConfig()
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine("[global.config]");
        sb.AppendLine(c, $"  as = {Spec.LocalAs}");
        sb.AppendLine(c, $"  router-id = \"{Spec.RouterId}\"");
        foreach (var n in Spec.Neighbors)
        {
            sb.AppendLine("[[neighbors]]");
            sb.AppendLine("  [neighbors.config]");
            sb.AppendLine(c, $"    neighbor-address = \"{n.Address}\"");
            sb.AppendLine(c, $"    peer-as = {n.PeerAs}");
            if (n.Password is not null) sb.AppendLine(c, $"    auth-password = \"{n.Password}\"");
            sb.AppendLine("  [neighbors.transport.config]");
            sb.AppendLine(c, $"    local-address = \"{n.LocalAddress}\"");
            if (n.Passive) sb.AppendLine("    passive-mode = true");
            // Retry fast, and come back quickly after a reset instead of the default 30 s idle hold.
            sb.AppendLine("  [neighbors.timers.config]");
            sb.AppendLine("    connect-retry = 1");
            sb.AppendLine("    idle-hold-time-after-reset = 1");
            if (n.GracefulRestart)
            {
                // Helper (receiving speaker) for the families below; the N bit when asked (RFC 8538).
                sb.AppendLine("  [neighbors.graceful-restart.config]");
                sb.AppendLine("    enabled = true");
                sb.AppendLine("    restart-time = 120");
                if (n.GracefulRestartNotification) sb.AppendLine("    notification-enabled = true");
            }
            foreach (var f in n.Families)
            {
                sb.AppendLine("  [[neighbors.afi-safis]]");
                sb.AppendLine("    [neighbors.afi-safis.config]");
                sb.AppendLine(c, $"      afi-safi-name = \"{FamilyName(f)}\"");
                if (n.GracefulRestart)
                {
                    sb.AppendLine("    [neighbors.afi-safis.mp-graceful-restart.config]");
                    sb.AppendLine("      enabled = true");
                }
            }
        }
        return sb.ToString();
    }

    private static string FamilyName(AfiSafi f) =>
        f == AfiSafi.Ipv4Unicast ? "ipv4-unicast" : f == AfiSafi.Ipv6Unicast ? "ipv6-unicast" : throw new NotSupportedException(f.ToString());

    protected override async Task<NeighborView> QueryNeighborAsync(IPAddress neighbor, CancellationToken ct)
    {
        var r = await CommandRunner.RunInAsync(Namespace, InteropEnvironment.GoBgpPath,
            ["-p", ApiPort, "neighbor", neighbor.ToString(), "-j"], ct).ConfigureAwait(false);
        if (!r.Succeeded) throw new InvalidOperationException($"gobgp: {r}");
        return Parse(r.Stdout);
    }

    /// <summary>
    /// GoBGP's own global RIB for one family (<c>gobgp global rib -a ipv4|ipv6 -j</c>): every prefix with the
    /// AS path of its first (best) path, as space-separated AS numbers.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> GlobalRibAsync(bool ipv6, CancellationToken ct)
    {
        ThrowIfExited();
        var r = await CommandRunner.RunInAsync(Namespace, InteropEnvironment.GoBgpPath,
            ["-p", ApiPort, "global", "rib", "-a", ipv6 ? "ipv6" : "ipv4", "-j"], ct).ConfigureAwait(false);
        if (!r.Succeeded) throw new InvalidOperationException($"gobgp: {r}");
        return ParseRib(r.Stdout);
    }

    /// <summary>Reads the JSON of <c>gobgp global rib -j</c>: an object of prefix to a list of paths, each with <c>attrs</c>.</summary>
    public static IReadOnlyDictionary<string, string> ParseRib(string json)
    {
        var rib = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(json)) return rib;
        using var doc = JsonDocument.Parse(json);
        if (doc.RootElement.ValueKind != JsonValueKind.Object) return rib;
        foreach (var prefix in doc.RootElement.EnumerateObject())
        {
            if (prefix.Value.ValueKind != JsonValueKind.Array || prefix.Value.GetArrayLength() == 0) continue;
            var path = prefix.Value[0];
            var asns = new List<string>();
            if (path.TryGetProperty("attrs", out var attrs))
                foreach (var attr in attrs.EnumerateArray())
                {
                    if (!attr.TryGetProperty("type", out var t) || t.GetInt32() != 2 || !attr.TryGetProperty("as_paths", out var segments)) continue;
                    foreach (var segment in segments.EnumerateArray())
                        if (segment.TryGetProperty("asns", out var list))
                            foreach (var asn in list.EnumerateArray()) asns.Add(asn.GetUInt32().ToString(CultureInfo.InvariantCulture));
                }
            rib[prefix.Name] = string.Join(' ', asns);
        }
        return rib;
    }

    /// <summary>
    /// Reads <c>gobgp neighbor ADDR -j</c>: <c>state.session_state</c> (the API's enum, 6 = established),
    /// <c>state.peer_asn</c>, and <c>local_cap</c> / <c>remote_cap</c>, lists of protobuf <c>Any</c>
    /// whose type names the capability and whose base64 value carries its fields.
    /// </summary>
    public static NeighborView Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        if (root.ValueKind == JsonValueKind.Array) root = root[0];
        var state = root.GetProperty("state");
        var code = state.TryGetProperty("session_state", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetInt32() : 0;
        string[] names = ["unknown", "idle", "connect", "active", "opensent", "openconfirm", "established"];
        var stateName = code >= 0 && code < names.Length ? names[code] : code.ToString(CultureInfo.InvariantCulture);
        uint? peerAs = state.TryGetProperty("peer_asn", out var a) ? a.GetUInt32() : null;

        var sent = new HashSet<PeerCapability>();
        var received = new HashSet<PeerCapability>();
        var sentFamilies = new HashSet<AfiSafi>();
        var receivedFamilies = new HashSet<AfiSafi>();
        ReadCaps(state, "local_cap", sent, sentFamilies);
        ReadCaps(state, "remote_cap", received, receivedFamilies);
        return new NeighborView(stateName, code == 6, peerAs, sent, received, sentFamilies, receivedFamilies);
    }

    private static void ReadCaps(JsonElement state, string property, HashSet<PeerCapability> caps, HashSet<AfiSafi> families)
    {
        if (!state.TryGetProperty(property, out var list) || list.ValueKind != JsonValueKind.Array) return;
        foreach (var any in list.EnumerateArray())
        {
            var type = any.GetProperty("type_url").GetString() ?? "";
            type = type[(type.LastIndexOf('.') + 1)..];
            var value = any.TryGetProperty("value", out var v) ? Convert.FromBase64String(v.GetString() ?? "") : [];
            switch (type)
            {
                case "MultiProtocolCapability":
                    caps.Add(PeerCapability.Multiprotocol);
                    // message { Family family = 1 { afi = 1; safi = 2 } }
                    var family = ProtobufField(value, 1);
                    if (family is not null)
                        families.Add(new AfiSafi((Afi)ProtobufVarint(family, 1), (Safi)ProtobufVarint(family, 2)));
                    break;
                case "RouteRefreshCapability": caps.Add(PeerCapability.RouteRefresh); break;
                case "EnhancedRouteRefreshCapability": caps.Add(PeerCapability.EnhancedRouteRefresh); break;
                case "FourOctetASNCapability": caps.Add(PeerCapability.FourOctetAs); break;
                case "GracefulRestartCapability": caps.Add(PeerCapability.GracefulRestart); break;
                case "LongLivedGracefulRestartCapability": caps.Add(PeerCapability.LongLivedGracefulRestart); break;
                case "AddPathCapability": caps.Add(PeerCapability.AddPath); break;
                case "ExtendedNexthopCapability": caps.Add(PeerCapability.ExtendedNextHop); break;
                case "FqdnCapability": caps.Add(PeerCapability.Fqdn); break;
                case "RoleCapability": caps.Add(PeerCapability.Role); break;
                // GoBGP 3.10 has no type for RFC 8654; it shows the code (6) as an unknown capability.
                case "UnknownCapability" when ProtobufVarint(value, 1) == 6: caps.Add(PeerCapability.ExtendedMessage); break;
            }
        }
    }

    /// <summary>The bytes of length-delimited field <paramref name="field"/>, or null.</summary>
    private static byte[]? ProtobufField(byte[] message, int field)
    {
        for (var i = 0; i < message.Length;)
        {
            var key = ReadVarint(message, ref i);
            var wire = (int)(key & 7);
            if (wire == 2)
            {
                var len = (int)ReadVarint(message, ref i);
                if ((int)(key >> 3) == field) return message[i..(i + len)];
                i += len;
            }
            else if (wire == 0) ReadVarint(message, ref i);
            else return null;
        }
        return null;
    }

    /// <summary>The value of varint field <paramref name="field"/>, or 0 (protobuf's default).</summary>
    private static ulong ProtobufVarint(byte[] message, int field)
    {
        for (var i = 0; i < message.Length;)
        {
            var key = ReadVarint(message, ref i);
            var wire = (int)(key & 7);
            if (wire == 0)
            {
                var value = ReadVarint(message, ref i);
                if ((int)(key >> 3) == field) return value;
            }
            else if (wire == 2) i += (int)ReadVarint(message, ref i);
            else return 0;
        }
        return 0;
    }

    private static ulong ReadVarint(byte[] b, ref int i)
    {
        ulong v = 0;
        for (var shift = 0; i < b.Length; shift += 7)
        {
            var x = b[i++];
            v |= (ulong)(x & 0x7F) << shift;
            if ((x & 0x80) == 0) break;
        }
        return v;
    }
}
