using System.Diagnostics.CodeAnalysis;

namespace Bgp.Rib.Policy;

/// <summary>
/// The filters and prefix lists of one configuration, by name: what <c>importFilter:</c> /
/// <c>exportFilter:</c> refer to. The built-ins accept-all and reject-all are always present and cannot be
/// redefined; names are case-sensitive, as YAML keys are. Built once per (re)load, then only read.
/// </summary>
public sealed class FilterCatalog
{
    private readonly Dictionary<string, Filter> _filters = new(StringComparer.Ordinal)
    {
        [Filter.AcceptAllName] = Filter.AcceptAll,
        [Filter.RejectAllName] = Filter.RejectAll,
    };
    private readonly Dictionary<string, PrefixList> _prefixLists = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, Filter> Filters => _filters;
    public IReadOnlyDictionary<string, PrefixList> PrefixLists => _prefixLists;

    /// <summary>Adds a filter; false (with the reason) when the name is taken or names a built-in.</summary>
    public bool TryAdd(Filter filter, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (filter.Name is Filter.AcceptAllName or Filter.RejectAllName)
        {
            error = $"filter '{filter.Name}' is built in and cannot be redefined";
            return false;
        }
        if (!_filters.TryAdd(filter.Name, filter))
        {
            error = $"filter '{filter.Name}' is defined twice";
            return false;
        }
        error = null;
        return true;
    }

    public bool TryAdd(PrefixList list, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(list);
        if (!_prefixLists.TryAdd(list.Name, list))
        {
            error = $"prefix list '{list.Name}' is defined twice";
            return false;
        }
        error = null;
        return true;
    }

    public bool TryGetFilter(string name, [NotNullWhen(true)] out Filter? filter) => _filters.TryGetValue(name, out filter);

    public bool TryGetPrefixList(string name, [NotNullWhen(true)] out PrefixList? list) => _prefixLists.TryGetValue(name, out list);

    /// <summary>
    /// The peer's filters by name (null = not configured), with <paramref name="defaults"/> for the missing
    /// ones; false with the reason when a name is unknown, which the daemon reports against the peer's key.
    /// </summary>
    public bool TryResolvePeer(string? importName, string? exportName, bool isInternal, PolicyDefaults defaults,
        [NotNullWhen(true)] out PeerPolicy? policy, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        policy = null;
        Filter? import = null, export = null;
        if (importName is not null && !_filters.TryGetValue(importName, out import))
        {
            error = $"importFilter '{importName}' is not defined under filters: (built in: accept-all, reject-all)";
            return false;
        }
        if (exportName is not null && !_filters.TryGetValue(exportName, out export))
        {
            error = $"exportFilter '{exportName}' is not defined under filters: (built in: accept-all, reject-all)";
            return false;
        }
        policy = defaults.ForPeer(isInternal, import, export);
        error = null;
        return true;
    }
}
