using Bgp.Protocol;

namespace Bgp.Rib;

/// <summary>The candidates of one prefix in decision order, for ADD-PATH export of several paths (RFC 7911).</summary>
public sealed partial class LocRib
{
    /// <summary>
    /// While true, every operation that re-decides a prefix also reports <see cref="RibChangeKind.Candidates"/>,
    /// so that a change to a path that is neither best nor in the multipath set is not lost on an ADD-PATH
    /// peer that takes every path. Off by default: nothing else needs it.
    /// </summary>
    public bool ReportCandidates { get; set; }

    /// <summary>
    /// Adds up to <paramref name="max"/> eligible paths of <paramref name="prefix"/> to <paramref name="into"/>,
    /// best first: the decision (RFC 4271 9.1.2) is run again without the winner until nothing eligible is
    /// left, so the second path is the one that would be best without the first, and so on. Paths with an
    /// unresolvable next hop (9.1.2.1) are never added. Costs n decisions for n paths: for ADD-PATH export only.
    /// </summary>
    public int GetRanked(Prefix prefix, List<RibPath> into, int max = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(into);
        int d = FindDestination(prefix);
        if (d < 0 || max <= 0) return 0;
        int m = LoadCandidates(d);
        int added = 0;
        while (added < max && m > 0)
        {
            int best = _decision.Select(_candidates.AsSpan(0, m), _lostAt, _multipath, out _);
            if (best < 0) break;
            into.Add(PathAt(_candidateSlots[best]));
            added++;
            // The winner leaves: the last candidate takes its place.
            m--;
            _candidates[best] = _candidates[m];
            _candidateSlots[best] = _candidateSlots[m];
        }
        return added;
    }
}
