using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Bgp.Protocol;
using Bgp.Rib.Policy;

namespace Bgp.Daemon.Config;

/// <summary>
/// Maps the <c>filters:</c> of a <see cref="BgpdConfig"/> onto the policy engine (<see cref="Bgp.Rib.Policy"/>)
/// and resolves each peer's import and export filters. Key for key:
/// <list type="bullet">
/// <item><c>match.prefixes</c>: one entry is a <see cref="PrefixMatch"/>, several a <see cref="PrefixListMatch"/>
/// over an unnamed list (one entry is enough: OR).</item>
/// <item><c>match.family</c>: <see cref="FamilyMatch"/> (unicast only; the engine matches the AFI).</item>
/// <item><c>match.communities</c>: <see cref="CommunityMatch"/> in <see cref="MatchMode.Any"/>.</item>
/// <item><c>match.asPathContains</c>: one AS is an <see cref="AsPathContainsMatch"/>; several are the
/// unanchored pattern "(a|b|...)" (<see cref="AsPathRegexMatch"/>), which is "any of them anywhere in the
/// path", because a term's conditions are ANDed and the engine has no OR.</item>
/// <item><c>actions</c>, in this order: localPref, med, removeCommunities, addCommunities, prependAs (our AS),
/// nextHop (self or an address); then <c>result</c> accept / reject as the term's final action (next = none).</item>
/// </list>
/// Every user filter rejects by default: falling off the end rejects (Config/README.md, as BIRD).
/// A value the engine cannot represent is a <see cref="ConfigError"/> with the key path, never dropped:
/// a filter that silently matched more (or less) than written would leak or black-hole routes.
/// </summary>
public static partial class FilterMapper
{
    /// <summary>The file name errors carry when the caller does not say (BgpdConfig does not remember it).</summary>
    public const string DefaultFileName = "bgpd.yaml";

    public static FilterMapResult Build(BgpdConfig config) => Build(config, DefaultFileName);

    /// <summary>
    /// Every user filter mapped into one <see cref="FilterCatalog"/> (with the built-ins), or all the errors,
    /// each naming the key path (<c>filters.NAME[i].match.prefixes[k]</c>) and why.
    /// </summary>
    public static FilterMapResult Build(BgpdConfig config, string fileName)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(fileName);
        var errors = new Errors(fileName);
        var catalog = new FilterCatalog();
        // Sorted, so that errors come out in the same order on every run (the dictionary is a hash map).
        var names = new List<string>(config.Filters.Keys);
        names.Sort(StringComparer.Ordinal);
        foreach (string name in names)
        {
            string path = ConfigReader.Join("filters", name);
            if (MapFilter(name, config.Filters[name], path, errors) is { } filter && !catalog.TryAdd(filter, out string? error))
                errors.Add(path, error);
        }
        CheckPeers(config, catalog, errors);
        return errors.Count == 0 ? new FilterMapResult { Catalog = catalog } : new FilterMapResult { Errors = errors.ToImmutable() };
    }

    /// <summary>
    /// The filters in force for <paramref name="peer"/>: the named ones from <paramref name="catalog"/>, and for a
    /// filter left out the RFC 8212 default (<see cref="PolicyDefaults"/>: reject-all on eBGP, accept-all on
    /// iBGP). The loader already writes that default into <see cref="NeighborConfig"/>, so a loaded peer always
    /// names both filters; an empty name (a <see cref="NeighborConfig"/> built in code) counts as left out.
    /// </summary>
    /// <exception cref="InvalidOperationException">A name the catalog lacks: the catalog was not built from this configuration.</exception>
    public static PeerPolicy PeerPolicy(BgpdConfig config, NeighborConfig peer, FilterCatalog catalog, PolicyDefaults? defaults = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(peer);
        ArgumentNullException.ThrowIfNull(catalog);
        string? import = string.IsNullOrWhiteSpace(peer.ImportFilter) ? null : peer.ImportFilter;
        string? export = string.IsNullOrWhiteSpace(peer.ExportFilter) ? null : peer.ExportFilter;
        if (!catalog.TryResolvePeer(import, export, peer.IsInternal(config.AsNumber), defaults ?? PolicyDefaults.Rfc8212,
                out var policy, out string? error))
            throw new InvalidOperationException($"peer {peer}: {error}; build the catalog from the same configuration (FilterMapper.Build)");
        return policy;
    }

    private static Filter? MapFilter(string name, ImmutableArray<FilterTermConfig> terms, string path, Errors errors)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            errors.Add(path, "a filter needs a name");
            return null;
        }
        int before = errors.Count;
        var mapped = ImmutableArray.CreateBuilder<PolicyTerm>(terms.IsDefault ? 0 : terms.Length);
        if (!terms.IsDefault)
        {
            for (int i = 0; i < terms.Length; i++)
            {
                string termPath = ConfigReader.Index(path, i);
                if (terms[i] is not { } term) errors.Add(termPath, "empty term");
                else if (MapTerm(term, i, termPath, errors) is { } t) mapped.Add(t);
            }
        }
        return errors.Count == before ? new Filter(name, mapped.DrainToImmutable(), PolicyVerdict.Reject) : null;
    }

    private static PolicyTerm? MapTerm(FilterTermConfig term, int index, string path, Errors errors)
    {
        int before = errors.Count;
        var matches = MapMatch(term.Match ?? FilterMatchConfig.Any, ConfigReader.Join(path, "match"), errors);
        var actions = MapActions(term.Actions ?? FilterActionsConfig.None, term.Match?.Family, ConfigReader.Join(path, "actions"), errors);
        switch (term.Result)
        {
            case FilterResult.Next: break;
            case FilterResult.Accept: actions.Add(RouteAction.Accept); break;
            case FilterResult.Reject: actions.Add(RouteAction.Reject); break;
            default: errors.Add(ConfigReader.Join(path, "result"), $"unknown result {(int)term.Result}; expected next, accept or reject"); break;
        }
        if (errors.Count != before) return null;
        // Unnamed terms are named by position, so that explain output ("filter F term [1] (reject)") points at the YAML.
        string name = string.IsNullOrWhiteSpace(term.Name) ? $"[{index}]" : term.Name;
        return new PolicyTerm(name, matches.DrainToImmutable(), actions.DrainToImmutable());
    }

    private static ImmutableArray<RouteMatch>.Builder MapMatch(FilterMatchConfig match, string path, Errors errors)
    {
        var result = ImmutableArray.CreateBuilder<RouteMatch>();
        if (!match.Prefixes.IsDefaultOrEmpty)
        {
            string key = ConfigReader.Join(path, "prefixes");
            var ranges = new List<PrefixRange>(match.Prefixes.Length);
            for (int k = 0; k < match.Prefixes.Length; k++)
                if (MapRange(match.Prefixes[k], ConfigReader.Index(key, k), errors) is { } range) ranges.Add(range);
            if (ranges.Count == match.Prefixes.Length)
                result.Add(ranges.Count == 1 ? new PrefixMatch(ranges[0]) : new PrefixListMatch(new PrefixList(key, ranges)));
        }
        if (match.Family is { } family)
        {
            if (family.Safi != Safi.Unicast || family.Afi is not (Afi.Ipv4 or Afi.Ipv6))
                errors.Add(ConfigReader.Join(path, "family"), $"{family} cannot be matched: filters match ipv4 or ipv6 unicast routes only");
            else result.Add(new FamilyMatch(family.Afi));
        }
        if (!match.Communities.IsDefaultOrEmpty)
            result.Add(new CommunityMatch(match.Communities, MatchMode.Any));
        if (!match.AsPathContains.IsDefaultOrEmpty)
        {
            if (match.AsPathContains.Length == 1) result.Add(new AsPathContainsMatch(match.AsPathContains[0]));
            else if (AsPathPattern.TryParse(AnyOf(match.AsPathContains), out var pattern, out string? error)) result.Add(new AsPathRegexMatch(pattern));
            else errors.Add(ConfigReader.Join(path, "asPathContains"), $"cannot be matched as an AS-path pattern: {error}");
        }
        return result;
    }

    /// <summary>"(a|b|c)": one pattern element accepting any of the ASes, unanchored, so it matches wherever one occurs.</summary>
    private static string AnyOf(ImmutableArray<uint> asns)
    {
        var text = new StringBuilder("(");
        for (int i = 0; i < asns.Length; i++)
        {
            if (i > 0) text.Append('|');
            text.Append(asns[i].ToString(CultureInfo.InvariantCulture));
        }
        return text.Append(')').ToString();
    }

    private static PrefixRange? MapRange(PrefixMatchConfig? entry, string path, Errors errors)
    {
        if (entry is null)
        {
            errors.Add(path, "empty prefix match");
            return null;
        }
        var p = entry.Prefix;
        if (entry.MinLength < p.Length || entry.MinLength > entry.MaxLength || entry.MaxLength > p.MaxLength)
        {
            errors.Add(path, $"'{entry}' is not a prefix range: lengths must satisfy {p.Length} <= ge <= le <= {p.MaxLength}, got ge {entry.MinLength} le {entry.MaxLength}");
            return null;
        }
        return new PrefixRange(p, entry.MinLength, entry.MaxLength);
    }

    private static ImmutableArray<RouteAction>.Builder MapActions(FilterActionsConfig actions, AfiSafi? family, string path, Errors errors)
    {
        var result = ImmutableArray.CreateBuilder<RouteAction>();
        if (actions.LocalPref is { } localPref) result.Add(new SetLocalPrefAction(localPref));
        if (actions.Med is { } med) result.Add(new SetMedAction(med));
        var add = actions.AddCommunities.IsDefault ? [] : actions.AddCommunities;
        var remove = actions.RemoveCommunities.IsDefault ? [] : actions.RemoveCommunities;
        foreach (uint c in add)
        {
            // Both lists are applied, so one of them would silently win; make the user say which.
            if (remove.Contains(c))
                errors.Add(ConfigReader.Join(path, "addCommunities"), $"{Communities.Format(c)} is also in removeCommunities; a term either adds or removes a community");
        }
        if (remove.Length > 0) result.Add(new CommunityAction(CommunityEdit.Remove, remove));
        if (add.Length > 0) result.Add(new CommunityAction(CommunityEdit.Add, add));
        if (actions.PrependAs != 0)
        {
            if (actions.PrependAs is < 1 or > AsPathPrependAction.MaxCount)
                errors.Add(ConfigReader.Join(path, "prependAs"), $"must be between 0 and {AsPathPrependAction.MaxCount}, got {actions.PrependAs}");
            else result.Add(new AsPathPrependAction(actions.PrependAs));
        }
        if (MapNextHop(actions, family, ConfigReader.Join(path, "nextHop"), errors) is { } nextHop) result.Add(nextHop);
        return result;
    }

    private static SetNextHopAction? MapNextHop(FilterActionsConfig actions, AfiSafi? family, string path, Errors errors)
    {
        if (actions.NextHop is not { } address) return actions.NextHopSelf ? SetNextHopAction.Self : null;
        if (actions.NextHopSelf)
        {
            errors.Add(path, $"either self or an address, not both (got self and {address})");
            return null;
        }
        if (address.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
        {
            errors.Add(path, $"'{address}' is not an IPv4 or IPv6 address");
            return null;
        }
        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            errors.Add(path, $"'{address}' is not a usable next hop");
            return null;
        }
        // RFC 8950 lets an IPv4 route have an IPv6 next hop, but nothing carries an IPv4 next hop for an
        // IPv6 route (RFC 4760 3 / RFC 2545 3: the next hop is an IPv6 address).
        if (family is { Afi: Afi.Ipv6 } && address.AddressFamily == AddressFamily.InterNetwork)
        {
            errors.Add(path, $"an IPv6 route (match.family ipv6) cannot have the IPv4 next hop {address}");
            return null;
        }
        return new SetNextHopAction(address);
    }

    /// <summary>
    /// Peer references, checked against what was actually mapped: every name resolves, and no import
    /// filter prepends (prependAs is export only, Config/README.md: on import it would put our own AS in
    /// paths we then hold, and RFC 4271 9.1.2's loop check applies to received paths, not edited ones).
    /// </summary>
    private static void CheckPeers(BgpdConfig config, FilterCatalog catalog, Errors errors)
    {
        if (config.Peers.IsDefault) return;
        for (int p = 0; p < config.Peers.Length; p++)
        {
            var peer = config.Peers[p];
            string path = ConfigReader.Index("peers", p);
            CheckReference(config, catalog, peer.ImportFilter, ConfigReader.Join(path, "importFilter"), errors);
            CheckReference(config, catalog, peer.ExportFilter, ConfigReader.Join(path, "exportFilter"), errors);
            if (peer.ImportFilter is { } import && config.Filters.TryGetValue(import, out var terms) && !terms.IsDefault)
            {
                for (int i = 0; i < terms.Length; i++)
                {
                    if (terms[i]?.Actions is { PrependAs: > 0 })
                        errors.Add(ConfigReader.Join(path, "importFilter"),
                            $"filter '{import}' prepends in filters.{import}[{i}].actions.prependAs, which applies on export only");
                }
            }
        }
    }

    private static void CheckReference(BgpdConfig config, FilterCatalog catalog, string? name, string path, Errors errors)
    {
        // Empty means "left out" (PolicyDefaults fills it in); a name that failed to map is already reported.
        if (string.IsNullOrWhiteSpace(name) || catalog.TryGetFilter(name, out _) || config.Filters.ContainsKey(name)) return;
        errors.Add(path, $"filter '{name}' is not defined under filters: (built in: {Filter.AcceptAllName}, {Filter.RejectAllName})");
    }
}
