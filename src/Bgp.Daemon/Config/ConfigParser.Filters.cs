using System.Collections.Immutable;
using System.Globalization;
using Bgp.Protocol;
using Bgp.Protocol.Attributes;

namespace Bgp.Daemon.Config;

internal sealed partial class ConfigParser
{
    private static readonly string[] TermKeys = ["name", "match", "actions", "result"];
    private static readonly string[] MatchKeys = ["prefixes", "family", "communities", "asPathContains"];
    private static readonly string[] ActionKeys = ["localPref", "med", "addCommunities", "removeCommunities", "prependAs", "nextHop"];
    private static readonly string[] ResultNames = ["next", "accept", "reject"];

    /// <summary>RFC 1997 / RFC 8326 / RFC 7999 / RFC 3765 communities users write by name.</summary>
    private static readonly Dictionary<string, uint> CommunityNames = new(StringComparer.Ordinal)
    {
        ["no-export"] = WellKnownCommunity.NoExport,
        ["no-advertise"] = WellKnownCommunity.NoAdvertise,
        ["no-export-subconfed"] = WellKnownCommunity.NoExportSubconfed,
        ["graceful-shutdown"] = WellKnownCommunity.GracefulShutdown,
        ["blackhole"] = 0xFFFF029A,
        ["no-peer"] = 0xFFFFFF04,
    };

    /// <summary>Every name under filters:, even one whose terms have errors, so references to it are not reported twice.</summary>
    private readonly HashSet<string> _definedFilters = new(StringComparer.Ordinal);

    private ImmutableDictionary<string, ImmutableArray<FilterTermConfig>> Filters(ConfigSection root)
    {
        var result = ImmutableDictionary.CreateBuilder<string, ImmutableArray<FilterTermConfig>>(StringComparer.Ordinal);
        if (root["filters"] is not { } node) return result.ToImmutable();
        if (node.Kind != ConfigNodeKind.Mapping)
        {
            _r.Error(node, "filters", $"expected a mapping of filter names to lists of terms, got {node.Describe()}");
            return result.ToImmutable();
        }
        foreach (var (keyNode, value) in node.Entries)
        {
            if (keyNode.Value is not { } name || keyNode.Kind != ConfigNodeKind.Scalar)
            {
                _r.Error(keyNode, "filters", $"a filter name must be a plain name, got {keyNode.Describe()}");
                continue;
            }
            string path = ConfigReader.Join("filters", name);
            _r.Seen(path, value);
            if (FilterNames.IsBuiltIn(name))
            {
                _r.Error(keyNode, path, $"'{name}' is built in and cannot be redefined");
                continue;
            }
            if (!IsFilterName(name))
            {
                _r.Error(keyNode, path, $"'{name}' is not a valid filter name (letters, digits, '-' and '_')");
                continue;
            }
            if (!_definedFilters.Add(name))
            {
                _r.Error(keyNode, path, $"duplicate filter '{name}'");
                continue;
            }
            var items = _r.Sequence(value, path);
            if (items is null) continue;
            var terms = ImmutableArray.CreateBuilder<FilterTermConfig>(items.Count);
            int errorsBefore = _r.Errors.Count;
            for (int i = 0; i < items.Count; i++)
                if (Term(items[i], ConfigReader.Index(path, i)) is { } t) terms.Add(t);
            if (_r.Errors.Count == errorsBefore) result[name] = terms.ToImmutable();
        }
        return result.ToImmutable();
    }

    private static bool IsFilterName(string name)
    {
        foreach (char c in name)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')) return false;
        return name.Length > 0;
    }

    private FilterTermConfig? Term(ConfigNode node, string path)
    {
        var s = _r.Section(node, path, TermKeys);
        if (s is null) return null;
        return new FilterTermConfig
        {
            Name = s.String("name"),
            Match = Match(s),
            Actions = Actions(s),
            Result = s.Choice("result", ResultNames) is int r ? (FilterResult)r : FilterResult.Next,
        };
    }

    private FilterMatchConfig Match(ConfigSection term)
    {
        var s = term.Section("match", MatchKeys);
        if (s is null) return FilterMatchConfig.Any;
        return new FilterMatchConfig
        {
            Prefixes = List(s, "prefixes", PrefixMatch),
            Family = s.Choice("family", FamilyNames) is int f ? (f == 0 ? AfiSafi.Ipv4Unicast : AfiSafi.Ipv6Unicast) : null,
            Communities = List(s, "communities", Community),
            AsPathContains = List(s, "asPathContains", (n, p) => (uint?)_r.Integer(n, p, 0, uint.MaxValue)),
        };
    }

    private FilterActionsConfig Actions(ConfigSection term)
    {
        var s = term.Section("actions", ActionKeys);
        if (s is null) return FilterActionsConfig.None;
        bool self = false;
        System.Net.IPAddress? nextHop = null;
        if (s["nextHop"] is { } nh)
        {
            if (nh is { Kind: ConfigNodeKind.Scalar, Value: "self" }) self = true;
            else nextHop = _r.Address(nh, s.PathOf("nextHop"));
        }
        return new FilterActionsConfig
        {
            LocalPref = (uint?)s.Integer("localPref", 0, uint.MaxValue),
            Med = (uint?)s.Integer("med", 0, uint.MaxValue),
            AddCommunities = List(s, "addCommunities", Community),
            RemoveCommunities = List(s, "removeCommunities", Community),
            PrependAs = (int)(s.Integer("prependAs", 0, 32) ?? 0),
            NextHopSelf = self,
            NextHop = nextHop,
        };
    }

    private ImmutableArray<T> List<T>(ConfigSection s, string key, Func<ConfigNode, string, T?> item) where T : struct
    {
        if (s[key] is not { } node) return [];
        string path = s.PathOf(key);
        var items = _r.Sequence(node, path);
        if (items is null) return [];
        var result = ImmutableArray.CreateBuilder<T>(items.Count);
        for (int i = 0; i < items.Count; i++)
            if (item(items[i], ConfigReader.Index(path, i)) is T v) result.Add(v);
        return result.ToImmutable();
    }

    private ImmutableArray<PrefixMatchConfig> List(ConfigSection s, string key, Func<ConfigNode, string, PrefixMatchConfig?> item)
    {
        if (s[key] is not { } node) return [];
        string path = s.PathOf(key);
        var items = _r.Sequence(node, path);
        if (items is null) return [];
        var result = ImmutableArray.CreateBuilder<PrefixMatchConfig>(items.Count);
        for (int i = 0; i < items.Count; i++)
            if (item(items[i], ConfigReader.Index(path, i)) is { } v) result.Add(v);
        return result.ToImmutable();
    }

    /// <summary>"a:b" with both halves 0..65535, or a well-known community's name.</summary>
    private uint? Community(ConfigNode node, string path)
    {
        string? text = _r.String(node, path);
        if (text is null) return null;
        if (CommunityNames.TryGetValue(text, out uint known)) return known;
        int colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0
            && ushort.TryParse(text.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out ushort high)
            && ushort.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out ushort low))
            return (uint)high << 16 | low;
        _r.Error(node, path, $"'{text}' is not a community (high:low, each 0..65535, or one of {string.Join(", ", CommunityNames.Keys)})");
        return null;
    }

    /// <summary>"CIDR", "CIDR le N", "CIDR ge N", "CIDR ge N le M" (FRR prefix-list notation).</summary>
    private PrefixMatchConfig? PrefixMatch(ConfigNode node, string path)
    {
        string? text = _r.String(node, path);
        if (text is null) return null;
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length is 0 or 2 or 4 or > 5)
        {
            _r.Error(node, path, $"'{text}' is not a prefix match (a CIDR, optionally followed by 'ge N' and/or 'le N')");
            return null;
        }
        if (Cidr(words[0], node, path) is not { } prefix) return null;
        int ge = prefix.Length, le = prefix.Length;
        bool sawGe = false, sawLe = false;
        for (int w = 1; w + 1 < words.Length; w += 2)
        {
            bool ok = int.TryParse(words[w + 1], NumberStyles.None, CultureInfo.InvariantCulture, out int n);
            if (ok && words[w] == "ge" && !sawGe && !sawLe) { ge = n; sawGe = true; }
            else if (ok && words[w] == "le" && !sawLe) { le = n; sawLe = true; }
            else
            {
                _r.Error(node, path, $"'{text}' is not a prefix match (a CIDR, optionally followed by 'ge N' and/or 'le N')");
                return null;
            }
        }
        if (sawGe && !sawLe) le = prefix.MaxLength;
        if (!(prefix.Length <= ge && ge <= le && le <= prefix.MaxLength))
        {
            _r.Error(node, path, $"lengths must satisfy {prefix.Length} <= ge <= le <= {prefix.MaxLength}, got ge {ge} le {le}");
            return null;
        }
        return new PrefixMatchConfig(prefix, ge, le);
    }
}
