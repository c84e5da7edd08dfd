using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Bgp.Protocol;

namespace Bgp.Daemon.Config;

internal sealed partial class ConfigParser
{
    private static readonly string[] PeerKeys =
    [
        "peerIP", "asNumber", "passive", "password", "routeReflectorClient", "holdTime", "keepaliveTime", "families",
        "importFilter", "exportFilter", "sourceAddress", "ttlSecurity", "nextHopSelf", "keepOriginalNextHop",
        "numAllowedLocalASNumbers", "gracefulRestart", "addPaths", "maxPrefixes", "description", "softReconfigurationInbound",
    ];
    private static readonly string[] PeerGracefulRestartKeys = ["enabled", "maxRestartTime"];
    private static readonly string[] MaxPrefixesKeys = ["limit", "action"];
    private static readonly string[] MaxPrefixActions = ["warn", "shutdown"];
    private static readonly string[] FamilyNames = ["ipv4", "ipv6"];
    private static readonly string[] AddPathModes = ["none", "receive", "send", "both", "ecmp"];

    /// <summary>TCP_MD5SIG_MAXKEYLEN in Linux; RFC 2385 itself sets no limit but every stack has this one.</summary>
    private const int MaxPasswordOctets = 80;

    private ImmutableArray<NeighborConfig> Peers(ConfigSection root, uint? localAs,
        ImmutableDictionary<string, ImmutableArray<FilterTermConfig>> filters)
    {
        if (root["peers"] is not { } node) return [];
        var items = _r.Sequence(node, "peers");
        if (items is null) return [];
        var result = ImmutableArray.CreateBuilder<NeighborConfig>(items.Count);
        var byAddress = new Dictionary<IPAddress, int>();
        for (int i = 0; i < items.Count; i++)
        {
            string path = ConfigReader.Index("peers", i);
            var s = _r.Section(items[i], path, PeerKeys);
            if (s is null) continue;
            if (items[i].IsNull)
            {
                _r.Error(items[i], path, "is empty; a peer needs at least peerIP and asNumber");
                continue;
            }
            var peer = Peer(s, localAs, filters);
            if (peer is null) continue;
            if (byAddress.TryGetValue(peer.Address, out int first))
            {
                _r.Error(s["peerIP"], s.PathOf("peerIP"), $"{peer.Address} is already peers[{first}]; a peer is identified by its address");
                continue;
            }
            byAddress[peer.Address] = i;
            result.Add(peer);
        }
        return result.ToImmutable();
    }

    private NeighborConfig? Peer(ConfigSection s, uint? localAs, ImmutableDictionary<string, ImmutableArray<FilterTermConfig>> filters)
    {
        var ipNode = s.Required("peerIP");
        (IPAddress Address, int Port)? endpoint = ipNode is null ? null : PeerEndpoint(ipNode, s.PathOf("peerIP"));
        uint? peerAs = s.Required("asNumber") is { } asNode ? AsNumber(asNode, s.PathOf("asNumber")) : null;
        bool? isInternal = peerAs is not null && localAs is not null ? peerAs == localAs : null;

        var holdNode = s["holdTime"];
        long? hold = holdNode is null ? 90 : _r.Integer(holdNode, s.PathOf("holdTime"), long.MinValue, long.MaxValue);
        if (hold is not (null or 0 or (>= 3 and <= 65535)))
        {
            // RFC 4271 4.2: "Hold Time MUST be either zero or at least three seconds" (in 16 bits).
            _r.Error(holdNode, s.PathOf("holdTime"), $"must be 0 or between 3 and 65535 (RFC 4271 4.2), got {hold}");
            hold = null;
        }
        long? keepalive = s.Integer("keepaliveTime", 1, 65535, "use holdTime 0 to send none");
        if (keepalive is not null && hold is not null)
        {
            if (hold == 0)
                _r.Error(s["keepaliveTime"], s.PathOf("keepaliveTime"), "has no effect with holdTime 0 (no KEEPALIVEs are sent, RFC 4271 4.4)");
            else if (keepalive >= hold)
                _r.Error(s["keepaliveTime"], s.PathOf("keepaliveTime"), $"must be less than holdTime ({hold}), usually a third of it (RFC 4271 10)");
        }

        string? password = s.String("password");
        if (password is not null)
        {
            int octets = Encoding.UTF8.GetByteCount(password);
            if (octets == 0)
                _r.Error(s["password"], s.PathOf("password"), "must not be empty (leave the key out for no TCP MD5)");
            else if (octets > MaxPasswordOctets)
                _r.Error(s["password"], s.PathOf("password"), $"is {octets} octets; a TCP MD5 key holds at most {MaxPasswordOctets} (RFC 2385, TCP_MD5SIG_MAXKEYLEN)");
        }

        bool passive = s.Bool("passive") ?? false;
        bool rrClient = s.Bool("routeReflectorClient") ?? false;
        if (rrClient && isInternal == false)
        {
            // RFC 4456 reflects between iBGP peers; an eBGP peer gets every best route anyway.
            _r.Error(s["routeReflectorClient"], s.PathOf("routeReflectorClient"),
                $"route reflection is for iBGP peers only (RFC 4456), but this peer's asNumber {peerAs} differs from ours ({localAs})");
        }

        var families = Families(s, endpoint?.Address);
        string import = FilterReference(s, "importFilter", isInternal, filters);
        string export = FilterReference(s, "exportFilter", isInternal, filters);

        var source = s.Address("sourceAddress");
        if (source is not null && endpoint is not null && source.AddressFamily != endpoint.Value.Address.AddressFamily)
        {
            _r.Error(s["sourceAddress"], s.PathOf("sourceAddress"),
                $"is an {FamilyName(source)} address but peerIP {endpoint.Value.Address} is {FamilyName(endpoint.Value.Address)}");
            source = null;
        }

        int ttlHops = TtlSecurity(s);
        bool nextHopSelf = s.Bool("nextHopSelf") ?? false;
        bool keepOriginal = s.Bool("keepOriginalNextHop") ?? false;
        if (nextHopSelf && keepOriginal)
            _r.Error(s["keepOriginalNextHop"], s.PathOf("keepOriginalNextHop"), "contradicts nextHopSelf: set at most one of them");

        int allowLocal = (int)(s.Integer("numAllowedLocalASNumbers", 0, 10) ?? 0);
        var gr = PeerGracefulRestart(s);
        var addPaths = AddPaths(s);
        var maxPrefixes = MaxPrefixes(s);
        bool softIn = s.Bool("softReconfigurationInbound") ?? false;
        string? description = s.String("description");

        if (endpoint is null || peerAs is null || hold is null) return null;
        return new NeighborConfig
        {
            Address = endpoint.Value.Address,
            Port = endpoint.Value.Port,
            AsNumber = peerAs.Value,
            Passive = passive,
            Password = password,
            RouteReflectorClient = rrClient,
            HoldTime = (ushort)hold.Value,
            KeepaliveTime = (ushort?)keepalive,
            Families = families,
            ImportFilter = import,
            ExportFilter = export,
            SourceAddress = source,
            TtlSecurityHops = ttlHops,
            NextHopSelf = nextHopSelf,
            KeepOriginalNextHop = keepOriginal,
            NumAllowedLocalASNumbers = allowLocal,
            GracefulRestart = gr,
            AddPaths = addPaths,
            MaxPrefixes = maxPrefixes,
            SoftReconfigurationInbound = softIn,
            Description = description,
        };
    }

    private static string FamilyName(IPAddress a) => a.AddressFamily == AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4";

    /// <summary>"addr", "addr:port" or "[v6addr]:port"; a unicast address (we connect to it).</summary>
    private (IPAddress, int)? PeerEndpoint(ConfigNode node, string path)
    {
        string? text = _r.String(node, path);
        if (text is null) return null;
        if (PeerEndpointText.TryParse(text, out var address, out int port, out string error)) return (address, port);
        _r.Error(node, path, error);
        return null;
    }

    /// <summary>Default: the family of the peer's address (what one session over that address usually carries).</summary>
    private ImmutableArray<AfiSafi> Families(ConfigSection s, IPAddress? peer)
    {
        var node = s["families"];
        ImmutableArray<AfiSafi> byAddress = peer?.AddressFamily == AddressFamily.InterNetworkV6 ? [AfiSafi.Ipv6Unicast] : [AfiSafi.Ipv4Unicast];
        if (node is null) return byAddress;
        string path = s.PathOf("families");
        var items = _r.Sequence(node, path);
        if (items is null) return byAddress;
        if (items.Count == 0)
        {
            _r.Error(node, path, "must name at least one family (ipv4, ipv6)");
            return byAddress;
        }
        var result = ImmutableArray.CreateBuilder<AfiSafi>(items.Count);
        for (int i = 0; i < items.Count; i++)
        {
            string itemPath = ConfigReader.Index(path, i);
            if (_r.Choice(items[i], itemPath, FamilyNames) is not int f) continue;
            var family = f == 0 ? AfiSafi.Ipv4Unicast : AfiSafi.Ipv6Unicast;
            if (result.Contains(family))
                _r.Error(items[i], itemPath, $"'{FamilyNames[f]}' is listed twice");
            else
                result.Add(family);
        }
        return result.ToImmutable();
    }

    /// <summary>
    /// A filter name that is built in or defined under filters:. Left out, RFC 8212 applies: iBGP
    /// peers default to accept-all, eBGP peers to reject-all (nothing in, nothing out until a filter says so).
    /// </summary>
    private string FilterReference(ConfigSection s, string key, bool? isInternal,
        ImmutableDictionary<string, ImmutableArray<FilterTermConfig>> filters)
    {
        string fallback = isInternal == false ? FilterNames.RejectAll : FilterNames.AcceptAll;
        string? name = s.String(key);
        if (name is null) return fallback;
        if (FilterNames.IsBuiltIn(name) || filters.ContainsKey(name) || _definedFilters.Contains(name)) return name;
        string defined = _definedFilters.Count == 0 ? "none" : string.Join(", ", _definedFilters.Order(StringComparer.Ordinal));
        string? near = KeySuggester.Suggest(name, [.. _definedFilters, FilterNames.AcceptAll, FilterNames.RejectAll]);
        _r.Error(s[key], s.PathOf(key), $"filter '{name}' is not defined{(near is null ? "" : $" (did you mean '{near}'?)")}; defined: {defined}; built in: accept-all, reject-all");
        return fallback;
    }

    /// <summary>
    /// RFC 5082 GTSM: true is 1 hop (directly connected), a number is the hop count. Allowed on iBGP
    /// too: nodes of one cluster on a shared segment profit the same way eBGP neighbors do.
    /// </summary>
    private int TtlSecurity(ConfigSection s)
    {
        if (s["ttlSecurity"] is not { } node) return 0;
        string path = s.PathOf("ttlSecurity");
        if (node is { Kind: ConfigNodeKind.Scalar, Quoted: false, Value: "true" or "false" or "True" or "False" or "TRUE" or "FALSE" })
            return _r.Bool(node, path) == true ? 1 : 0;
        if (node is { Kind: ConfigNodeKind.Scalar, Quoted: false } && long.TryParse(node.Value, out long hops))
        {
            if (hops is >= 0 and <= 254) return (int)hops;
            _r.Error(node, path, $"must be between 1 and 254 hops (255 would accept any TTL), got {hops}");
            return 0;
        }
        _r.Error(node, path, $"expected true, false or a hop count between 1 and 254, got {node.Describe()}");
        return 0;
    }

    private PeerGracefulRestartConfig PeerGracefulRestart(ConfigSection peer)
    {
        var defaults = new PeerGracefulRestartConfig();
        var s = peer.Section("gracefulRestart", PeerGracefulRestartKeys);
        if (s is null) return defaults;
        return new PeerGracefulRestartConfig
        {
            Enabled = s.Bool("enabled"),
            MaxRestartTime = (ushort)(s.Integer("maxRestartTime", 1, 4095, "a 12-bit field, RFC 4724 3") ?? defaults.MaxRestartTime),
        };
    }

    private AddPathConfig AddPaths(ConfigSection peer)
    {
        if (peer["addPaths"] is not { } node) return AddPathConfig.None;
        string path = peer.PathOf("addPaths");
        if (node is { Kind: ConfigNodeKind.Scalar, Quoted: false } && long.TryParse(node.Value, out long n))
        {
            if (n is >= 1 and <= 64) return new AddPathConfig { Receive = true, Send = true, SendMaxPaths = (int)n };
            _r.Error(node, path, $"a path count must be between 1 and 64, got {n}");
            return AddPathConfig.None;
        }
        if (node.Kind == ConfigNodeKind.Scalar && node.Value is { } text)
        {
            int mode = Array.IndexOf(AddPathModes, text);
            // "ecmp" is both directions like N: the multipath set goes out, and the peer may send us its own.
            if (mode >= 0) return new AddPathConfig { Receive = mode is 1 or 3 or 4, Send = mode is 2 or 3 or 4, SendEcmp = mode == 4 };
        }
        _r.Error(node, path, $"expected receive, send, both, ecmp, none or a path count between 1 and 64, got {node.Describe()}");
        return AddPathConfig.None;
    }

    private MaxPrefixesConfig? MaxPrefixes(ConfigSection peer)
    {
        var s = peer.Section("maxPrefixes", MaxPrefixesKeys);
        if (s is null || s.Node.IsNull) return null;
        long? limit = s.Required("limit") is not null ? s.Integer("limit", 1, uint.MaxValue) : null;
        var action = s.Choice("action", MaxPrefixActions) is int a ? (MaxPrefixAction)a : MaxPrefixAction.Shutdown;
        return limit is null ? null : new MaxPrefixesConfig { Limit = (uint)limit.Value, Action = action };
    }
}
