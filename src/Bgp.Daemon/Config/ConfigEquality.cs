using System.Collections.Immutable;

namespace Bgp.Daemon.Config;

/// <summary>
/// Value equality for the filter records: their generated Equals compares ImmutableArray fields by
/// reference, which would call every reloaded filter "changed".
/// </summary>
internal static class ConfigEquality
{
    public static bool Terms(ImmutableArray<FilterTermConfig> a, ImmutableArray<FilterTermConfig> b)
    {
        if (a.Length != b.Length) return false;
        for (int i = 0; i < a.Length; i++)
            if (!Term(a[i], b[i])) return false;
        return true;
    }

    public static bool Term(FilterTermConfig a, FilterTermConfig b) =>
        a.Name == b.Name && a.Result == b.Result && Match(a.Match, b.Match) && Actions(a.Actions, b.Actions);

    private static bool Match(FilterMatchConfig a, FilterMatchConfig b) =>
        a.Prefixes.SequenceEqual(b.Prefixes) && a.Family == b.Family
        && a.Communities.SequenceEqual(b.Communities) && a.AsPathContains.SequenceEqual(b.AsPathContains);

    private static bool Actions(FilterActionsConfig a, FilterActionsConfig b) =>
        a.LocalPref == b.LocalPref && a.Med == b.Med && a.PrependAs == b.PrependAs && a.NextHopSelf == b.NextHopSelf
        && Equals(a.NextHop, b.NextHop)
        && a.AddCommunities.SequenceEqual(b.AddCommunities) && a.RemoveCommunities.SequenceEqual(b.RemoveCommunities);
}
