using System.Collections.Immutable;
using System.Net;
using Bgp.Protocol;
using Bgp.Rib;

namespace Bgp.Daemon.Config;

/// <summary>
/// One run of <see cref="ConfigLoader"/>: reads each section (types and ranges, at the value's line),
/// then checks what spans keys (references, uniqueness, TLS files) and turns the result into a
/// <see cref="BgpdConfig"/> only if nothing was reported.
/// </summary>
internal sealed partial class ConfigParser(string fileName)
{
    private static readonly string[] RootKeys =
    [
        "asNumber", "routerId", "listen", "api", "routeReflectorClusterId", "peers", "prefixes", "kernel",
        "gracefulRestart", "maxPaths", "bestPath", "filters", "logging", "health", "warmup", "updateGroups",
        "hugePages",
    ];
    private static readonly string[] EndpointKeys = ["address", "port"];
    private static readonly string[] ApiKeys = ["address", "port", "tls"];
    private static readonly string[] HealthKeys = ["enabled", "address", "port", "readinessGraceSeconds"];
    private static readonly string[] TlsKeys = ["certFile", "keyFile", "clientCaFile"];
    private static readonly string[] KernelKeys = ["enabled", "table", "protocol", "nextHopTracking"];
    private static readonly string[] GracefulRestartKeys = ["enabled", "restartTime", "stalePathTime", "notificationSupport", "selectionDeferralTime"];
    private static readonly string[] LoggingKeys = ["level", "format"];
    private static readonly string[] BestPathKeys =
        ["alwaysCompareMed", "deterministicMed", "missingMedAsWorst", "preferOldestExternal", "multipathRelax", "defaultLocalPref"];
    private static readonly string[] LogLevels = ["verbose", "debug", "information", "warning", "error", "fatal"];
    private static readonly string[] LogFormats = ["text", "json"];

    private readonly ConfigReader _r = new(fileName);
    private readonly string _baseDirectory = Path.GetDirectoryName(Path.GetFullPath(fileName)) ?? Directory.GetCurrentDirectory();

    public ConfigLoadResult Run(ConfigNode? root, bool moreDocuments)
    {
        if (root is null)
        {
            _r.Error(null, "", "the file is empty; at least asNumber and routerId are required");
            return Result(null);
        }
        if (moreDocuments) _r.Error(null, "", "the file holds more than one YAML document ('---'); bgpd reads exactly one");
        var s = _r.Section(root, "", RootKeys);
        if (s is null) return Result(null);

        uint? asNumber = s.Required("asNumber") is { } asNode ? AsNumber(asNode, "asNumber") : null;
        uint? routerId = s.Required("routerId") is { } idNode ? Identifier(idNode, "routerId") : null;
        var listen = Listen(s);
        var api = Api(s);
        var health = Health(s);
        uint? clusterId = s["routeReflectorClusterId"] is { } c ? Identifier(c, "routeReflectorClusterId") : null;
        var filters = Filters(s);
        var peers = Peers(s, asNumber, filters);
        var prefixes = Prefixes(s);
        var kernel = Kernel(s);
        var gr = GracefulRestart(s);
        int maxPaths = (int)(s.Integer("maxPaths", 1, 256, "ECMP paths per prefix") ?? 1);
        var bestPath = BestPath(s);
        var logging = Logging(s);
        bool warmup = s.Bool("warmup") ?? true;
        bool updateGroups = s.Bool("updateGroups") ?? false;
        var hugePages = (s["hugePages"] is { } hp ? HugePages(hp) : null) ?? HugePageMode.Auto;

        if (_r.Errors.Count > 0 || asNumber is null || routerId is null) return Result(null);
        return Result(new BgpdConfig
        {
            AsNumber = asNumber.Value,
            RouterId = routerId.Value,
            Listen = listen,
            Api = api,
            Health = health,
            RouteReflectorClusterId = clusterId,
            Peers = peers,
            Prefixes = prefixes,
            Kernel = kernel,
            GracefulRestart = gr,
            MaxPaths = maxPaths,
            BestPath = bestPath,
            Filters = filters,
            Logging = logging,
            Warmup = warmup,
            UpdateGroups = updateGroups,
            HugePages = hugePages,
        });
    }

    private ConfigLoadResult Result(BgpdConfig? config)
    {
        if (_r.Errors.Count == 0) return new ConfigLoadResult { Config = config };
        // Errors found by later cross-key checks are sorted back into file order; unplaced ones first.
        var errors = _r.Errors
            .Select((e, i) => (e, i))
            .OrderBy(x => x.e.Line ?? 0).ThenBy(x => x.e.Column ?? 0).ThenBy(x => x.i)
            .Select(x => x.e)
            .ToImmutableArray();
        return new ConfigLoadResult { Errors = errors };
    }

    /// <summary>
    /// 1..4294967295. AS 0 is reserved (RFC 7607); AS_TRANS 23456 only stands in for a 4-octet AS in a
    /// 2-octet field (RFC 6793 9) and must never be configured as anyone's AS.
    /// </summary>
    private uint? AsNumber(ConfigNode node, string path)
    {
        long? v = _r.Integer(node, path, long.MinValue, long.MaxValue);
        if (v is null) return null;
        string? problem = v switch
        {
            0 => "AS 0 is reserved (RFC 7607)",
            < 0 or > uint.MaxValue => $"must be between 1 and 4294967295, got {v}",
            BgpConstants.AsTrans => "23456 is AS_TRANS (RFC 6793), a placeholder that must not be configured as an AS number",
            _ => null,
        };
        if (problem is not null)
        {
            _r.Error(node, path, problem);
            return null;
        }
        return (uint?)v;
    }

    /// <summary>A dotted quad other than 0.0.0.0 (RFC 6286: the BGP Identifier is a non-zero 32-bit number).</summary>
    private uint? Identifier(ConfigNode node, string path)
    {
        string? text = _r.String(node, path);
        if (text is null) return null;
        if (!ConfigReader.IsDottedQuad(text) || !RouterId.TryParse(text, out uint id))
        {
            _r.Error(node, path, $"'{text}' is not a dotted-quad IPv4 address");
            return null;
        }
        if (id == 0)
        {
            _r.Error(node, path, "must not be 0.0.0.0 (RFC 6286: the BGP Identifier is non-zero)");
            return null;
        }
        return id;
    }

    private ListenConfig Listen(ConfigSection root)
    {
        var defaults = new ListenConfig();
        var s = root.Section("listen", EndpointKeys);
        if (s is null) return defaults;
        return new ListenConfig
        {
            Address = s.Address("address") ?? defaults.Address,
            Port = (int)(s.Integer("port", 1, 65535) ?? defaults.Port),
        };
    }

    private HealthConfig Health(ConfigSection root)
    {
        var defaults = new HealthConfig();
        var s = root.Section("health", HealthKeys);
        if (s is null) return defaults;
        return new HealthConfig
        {
            Enabled = s.Bool("enabled") ?? defaults.Enabled,
            Address = s.Address("address") ?? defaults.Address,
            Port = (int)(s.Integer("port", 1, 65535) ?? defaults.Port),
            ReadinessGrace = TimeSpan.FromSeconds(s.Integer("readinessGraceSeconds", 0, 3600) ?? (long)defaults.ReadinessGrace.TotalSeconds),
        };
    }

    private ApiConfig Api(ConfigSection root)
    {
        var defaults = new ApiConfig();
        var s = root.Section("api", ApiKeys);
        if (s is null) return defaults;
        var address = s.Address("address") ?? defaults.Address;
        ApiTlsConfig? tls = null;
        if (s.Section("tls", TlsKeys) is { } t)
        {
            string? cert = TlsFile(t, "certFile", required: true);
            string? key = TlsFile(t, "keyFile", required: true);
            string? ca = TlsFile(t, "clientCaFile", required: false);
            if (cert is not null && key is not null) tls = new ApiTlsConfig { CertFile = cert, KeyFile = key, ClientCaFile = ca };
        }
        else if (!IPAddress.IsLoopback(address) && s.Has("address") && !s.Has("tls"))
        {
            // The API can add peers and announce prefixes: off the host only with TLS (the rule).
            _r.Error(s.PathOf("tls"), $"is required when api.address ({address}) is not a loopback address: certFile and keyFile, and clientCaFile for mutual TLS");
        }
        return new ApiConfig { Address = address, Port = (int)(s.Integer("port", 1, 65535) ?? defaults.Port), Tls = tls };
    }

    /// <summary>The absolute path of a TLS file that exists and can be opened for reading, or null (reported).</summary>
    private string? TlsFile(ConfigSection s, string key, bool required)
    {
        var node = required ? s.Required(key) : s[key];
        if (node is null) return null;
        string? text = _r.String(node, s.PathOf(key));
        if (text is null) return null;
        string full = Path.GetFullPath(text, _baseDirectory);
        try
        {
            using var stream = File.OpenRead(full);
            return full;
        }
        catch (FileNotFoundException)
        {
            _r.Error(node, s.PathOf(key), $"file not found: {full}");
        }
        catch (DirectoryNotFoundException)
        {
            _r.Error(node, s.PathOf(key), $"file not found: {full}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _r.Error(node, s.PathOf(key), $"cannot read {full}: {e.Message}");
        }
        return null;
    }

    private ImmutableArray<Prefix> Prefixes(ConfigSection root)
    {
        if (root["prefixes"] is not { } node) return [];
        var items = _r.Sequence(node, "prefixes");
        if (items is null) return [];
        var result = ImmutableArray.CreateBuilder<Prefix>(items.Count);
        var seen = new Dictionary<Prefix, int>();
        for (int i = 0; i < items.Count; i++)
        {
            string path = ConfigReader.Index("prefixes", i);
            if (Cidr(items[i], path) is not { } p) continue;
            if (seen.TryGetValue(p, out int first))
                _r.Error(items[i], path, $"{p} is listed twice (also prefixes[{first}])");
            else
            {
                seen[p] = i;
                result.Add(p);
            }
        }
        return result.ToImmutable();
    }

    /// <summary>"address/length" with the host bits zero: 10.244.1.1/26 is refused rather than silently masked.</summary>
    private Prefix? Cidr(ConfigNode node, string path)
    {
        string? text = _r.String(node, path);
        if (text is null) return null;
        return Cidr(text, node, path);
    }

    private Prefix? Cidr(string text, ConfigNode node, string path)
    {
        int slash = text.IndexOf('/', StringComparison.Ordinal);
        string addressText = slash < 0 ? text : text[..slash];
        if (slash < 0 || addressText.StartsWith('[') || !IPAddress.TryParse(addressText, out var address)
            || !(addressText.Contains(':', StringComparison.Ordinal) || ConfigReader.IsDottedQuad(addressText))
            || !Prefix.TryParse(text, out var prefix))
        {
            _r.Error(node, path, $"'{text}' is not a CIDR prefix (address/length)");
            return null;
        }
        if (!prefix.Address.Equals(address))
        {
            _r.Error(node, path, $"'{text}' has host bits set; the prefix is {prefix}");
            return null;
        }
        return prefix;
    }

    private KernelConfig Kernel(ConfigSection root)
    {
        var defaults = new KernelConfig();
        var s = root.Section("kernel", KernelKeys);
        if (s is null) return defaults;
        long? table = s.Integer("table", 1, uint.MaxValue, "0 is RT_TABLE_UNSPEC");
        if (table == 255)
        {
            _r.Error(s["table"], s.PathOf("table"), "table 255 is the kernel's local table (its own addresses), not for routes");
            table = null;
        }
        return new KernelConfig
        {
            Enabled = s.Bool("enabled") ?? defaults.Enabled,
            Table = (uint)(table ?? defaults.Table),
            // 0-4 are the kernel's own (unspec, redirect, kernel, boot, static): reconciling by protocol
            // would then delete routes we never installed.
            Protocol = (byte)(s.Integer("protocol", 5, 255, "0-4 belong to the kernel and static routes") ?? defaults.Protocol),
            NextHopTracking = s.Bool("nextHopTracking") ?? defaults.NextHopTracking,
        };
    }

    private GracefulRestartConfig GracefulRestart(ConfigSection root)
    {
        var defaults = new GracefulRestartConfig();
        var s = root.Section("gracefulRestart", GracefulRestartKeys);
        if (s is null) return defaults;
        return new GracefulRestartConfig
        {
            Enabled = s.Bool("enabled") ?? defaults.Enabled,
            RestartTime = (ushort)(s.Integer("restartTime", 1, 4095, "a 12-bit field, RFC 4724 3") ?? defaults.RestartTime),
            StalePathTime = (ushort)(s.Integer("stalePathTime", 1, 65535) ?? defaults.StalePathTime),
            NotificationSupport = s.Bool("notificationSupport") ?? defaults.NotificationSupport,
            SelectionDeferralTime = (ushort)(s.Integer("selectionDeferralTime", 1, 65535, "RFC 4724 4.1 selection_deferral_timer") ?? defaults.SelectionDeferralTime),
        };
    }

    private BestPathConfig BestPath(ConfigSection root)
    {
        var defaults = new BestPathConfig();
        var s = root.Section("bestPath", BestPathKeys);
        if (s is null) return defaults;
        return new BestPathConfig
        {
            AlwaysCompareMed = s.Bool("alwaysCompareMed") ?? defaults.AlwaysCompareMed,
            DeterministicMed = s.Bool("deterministicMed") ?? defaults.DeterministicMed,
            MissingMedAsWorst = s.Bool("missingMedAsWorst") ?? defaults.MissingMedAsWorst,
            PreferOldestExternal = s.Bool("preferOldestExternal") ?? defaults.PreferOldestExternal,
            MultipathRelax = s.Bool("multipathRelax") ?? defaults.MultipathRelax,
            DefaultLocalPref = (uint)(s.Integer("defaultLocalPref", 0, uint.MaxValue) ?? defaults.DefaultLocalPref),
        };
    }

    /// <summary><c>hugePages</c>: auto, or a YAML core boolean for always / never.</summary>
    private HugePageMode? HugePages(ConfigNode node)
    {
        if (node.Kind == ConfigNodeKind.Scalar && node.Value is { } v)
        {
            if (v == "auto") return HugePageMode.Auto;
            if (!node.Quoted && v is "true" or "True" or "TRUE") return HugePageMode.Always;
            if (!node.Quoted && v is "false" or "False" or "FALSE") return HugePageMode.Never;
        }
        _r.Error(node, "hugePages", $"expected auto, true or false, got {node.Describe()}");
        return null;
    }

    private LoggingConfig Logging(ConfigSection root)
    {
        var defaults = new LoggingConfig();
        var s = root.Section("logging", LoggingKeys);
        if (s is null) return defaults;
        return new LoggingConfig
        {
            Level = s.Choice("level", LogLevels) is int l ? (LogLevelSetting)l : defaults.Level,
            Format = s.Choice("format", LogFormats) is int f ? (LogFormatSetting)f : defaults.Format,
        };
    }
}
