using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Bgp.Daemon.Config;
using Bgp.Protocol;
using Grpc.Core;
using V1 = Bgp.Api.V1;

namespace Bgp.Daemon.Api;

/// <summary>
/// bgp.v1 PeerConfig to and from the YAML model (<see cref="NeighborConfig"/>), with the checks the YAML
/// loader makes (ConfigParser.Peers) so a peer added through the API is one the file could hold. A bad field
/// is INVALID_ARGUMENT naming it ("config.hold_time: ...").
/// </summary>
internal static class PeerConfigMapper
{
    private const int MaxPasswordOctets = 80;

    public static NeighborConfig ToNeighbor(V1.PeerConfig? c, BgpdConfig running)
    {
        if (c is null) throw Invalid("config", "is required");
        var (address, port) = ParseEndpoint(c.PeerIp);
        if (c.AsNumber == 0) throw Invalid("config.as_number", "is required (1 to 4294967295)");
        bool isInternal = c.AsNumber == running.AsNumber;
        if (c.HoldTime is not (0 or (>= 3 and <= 65535)))
            throw Invalid("config.hold_time", $"must be 0 or between 3 and 65535 (RFC 4271 4.2), got {c.HoldTime}");
        ushort hold = c.HoldTime == 0 ? (ushort)90 : (ushort)c.HoldTime;
        ushort? keepalive = null;
        if (c.KeepaliveTime != 0)
        {
            if (c.KeepaliveTime >= hold) throw Invalid("config.keepalive_time", $"must be less than hold_time ({hold}), usually a third of it (RFC 4271 10)");
            keepalive = (ushort)c.KeepaliveTime;
        }
        if (c.Password.Length > 0 && Encoding.UTF8.GetByteCount(c.Password) > MaxPasswordOctets)
            throw Invalid("config.password", $"a TCP MD5 key holds at most {MaxPasswordOctets} octets (RFC 2385, TCP_MD5SIG_MAXKEYLEN)");
        if (c.RouteReflectorClient && !isInternal)
            throw Invalid("config.route_reflector_client", $"route reflection is for iBGP peers only (RFC 4456), but as_number {c.AsNumber} differs from ours ({running.AsNumber})");
        var families = ImmutableArray.CreateBuilder<AfiSafi>();
        foreach (var f in c.Families)
        {
            if (f == V1.Family.Unspecified) throw Invalid("config.families", "FAMILY_UNSPECIFIED is not a family");
            var family = ApiConvert.AfiSafiOf(f);
            if (families.Contains(family)) throw Invalid("config.families", $"{f} is listed twice");
            families.Add(family);
        }
        if (families.Count == 0) families.Add(address.AddressFamily == AddressFamily.InterNetworkV6 ? AfiSafi.Ipv6Unicast : AfiSafi.Ipv4Unicast);
        string import = Filter(c.ImportFilter, "config.import_filter", isInternal, running);
        string export = Filter(c.ExportFilter, "config.export_filter", isInternal, running);
        IPAddress? source = null;
        if (c.SourceAddress.Length > 0)
        {
            if (!IPAddress.TryParse(c.SourceAddress, out source)) throw Invalid("config.source_address", $"'{c.SourceAddress}' is not an address");
            if (source.AddressFamily != address.AddressFamily) throw Invalid("config.source_address", $"{source} and peer_ip {address} are of different families");
        }
        if (c.NextHopSelf && c.KeepOriginalNextHop) throw Invalid("config.keep_original_next_hop", "contradicts next_hop_self: set at most one of them");
        if (c.NumAllowedLocalAsNumbers > 10) throw Invalid("config.num_allowed_local_as_numbers", $"must be between 0 and 10, got {c.NumAllowedLocalAsNumbers}");
        if (c.AddPathSendEcmp && !c.AddPathSend) throw Invalid("config.add_path_send_ecmp", "needs add_path_send (it says which paths are sent)");
        if (c.AddPathSendMaxPaths != 0 && !c.AddPathSend) throw Invalid("config.add_path_send_max_paths", "needs add_path_send (it says how many paths are sent)");
        if (c.AddPathSendMaxPaths > 64) throw Invalid("config.add_path_send_max_paths", $"must be between 1 and 64 (0: every path), got {c.AddPathSendMaxPaths}");
        if (c.AddPathSendEcmp && c.AddPathSendMaxPaths != 0) throw Invalid("config.add_path_send_max_paths", "contradicts add_path_send_ecmp: set at most one of them");
        if (c.MaxRestartTime > 4095) throw Invalid("config.max_restart_time", $"must be at most 4095 (a 12-bit field, RFC 4724 3), got {c.MaxRestartTime}");
        return new NeighborConfig
        {
            Address = address,
            Port = port,
            AsNumber = c.AsNumber,
            Passive = c.Passive,
            Password = c.Password.Length == 0 ? null : c.Password,
            RouteReflectorClient = c.RouteReflectorClient,
            HoldTime = hold,
            KeepaliveTime = keepalive,
            Families = families.ToImmutable(),
            ImportFilter = import,
            ExportFilter = export,
            SourceAddress = source,
            TtlSecurityHops = c.TtlSecurity ? 1 : 0,
            NextHopSelf = c.NextHopSelf,
            KeepOriginalNextHop = c.KeepOriginalNextHop,
            NumAllowedLocalASNumbers = (int)c.NumAllowedLocalAsNumbers,
            GracefulRestart = new PeerGracefulRestartConfig
            {
                Enabled = c.GracefulRestart ? true : null,
                MaxRestartTime = c.MaxRestartTime == 0 ? new PeerGracefulRestartConfig().MaxRestartTime : (ushort)c.MaxRestartTime,
            },
            AddPaths = new AddPathConfig
            {
                Send = c.AddPathSend, Receive = c.AddPathReceive, SendEcmp = c.AddPathSendEcmp, SendMaxPaths = (int)c.AddPathSendMaxPaths,
            },
            MaxPrefixes = c.MaxPrefixes == 0 ? null : new MaxPrefixesConfig
            {
                Limit = c.MaxPrefixes,
                Action = c.MaxPrefixesWarnOnly ? MaxPrefixAction.Warn : MaxPrefixAction.Shutdown,
            },
            Description = c.Description.Length == 0 ? null : c.Description,
        };
    }

    public static V1.PeerConfig ToApi(NeighborConfig p)
    {
        var c = new V1.PeerConfig
        {
            PeerIp = p.Port == BgpConstants.BgpPort ? p.Address.ToString() : new IPEndPoint(p.Address, p.Port).ToString(),
            AsNumber = p.AsNumber,
            Passive = p.Passive,
            HasPassword = p.Password is not null,
            RouteReflectorClient = p.RouteReflectorClient,
            HoldTime = p.HoldTime,
            KeepaliveTime = p.KeepaliveTime ?? 0u,
            ImportFilter = p.ImportFilter,
            ExportFilter = p.ExportFilter,
            SourceAddress = p.SourceAddress?.ToString() ?? "",
            TtlSecurity = p.TtlSecurityHops > 0,
            NextHopSelf = p.NextHopSelf,
            KeepOriginalNextHop = p.KeepOriginalNextHop,
            NumAllowedLocalAsNumbers = (uint)p.NumAllowedLocalASNumbers,
            AddPathSend = p.AddPaths.Send,
            AddPathReceive = p.AddPaths.Receive,
            AddPathSendEcmp = p.AddPaths.SendEcmp,
            AddPathSendMaxPaths = (uint)p.AddPaths.SendMaxPaths,
            MaxPrefixes = p.MaxPrefixes?.Limit ?? 0,
            MaxPrefixesWarnOnly = p.MaxPrefixes?.Action == MaxPrefixAction.Warn,
            GracefulRestart = p.GracefulRestart.Enabled ?? false,
            MaxRestartTime = p.GracefulRestart.MaxRestartTime,
            Description = p.Description ?? "",
        };
        ApiConvert.AddFamilies(c.Families, p.Families);
        return c;
    }

    /// <summary>"addr", "addr:port" or "[v6addr]:port", a unicast address, as the YAML's peerIP.</summary>
    private static (IPAddress, int) ParseEndpoint(string text) =>
        PeerEndpointText.TryParse(text, out var address, out int port, out string error) ? (address, port) : throw Invalid("config.peer_ip", error);

    /// <summary>Built in or defined in the running configuration; empty: RFC 8212 (reject-all on eBGP, accept-all on iBGP).</summary>
    private static string Filter(string name, string field, bool isInternal, BgpdConfig running)
    {
        if (name.Length == 0) return isInternal ? FilterNames.AcceptAll : FilterNames.RejectAll;
        if (FilterNames.IsBuiltIn(name) || running.Filters.ContainsKey(name)) return name;
        throw Invalid(field, $"filter '{name}' is not defined; defined: {(running.Filters.IsEmpty ? "none" : string.Join(", ", running.Filters.Keys.Order(StringComparer.Ordinal)))}; built in: accept-all, reject-all");
    }

    public static RpcException Invalid(string field, string why) => new(new Status(StatusCode.InvalidArgument, $"{field}: {why}"));
}
