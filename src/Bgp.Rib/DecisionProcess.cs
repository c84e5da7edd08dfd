namespace Bgp.Rib;

/// <summary>
/// The decision process of RFC 4271 9.1.2 over the candidate paths of one destination.
///
/// RFC 4271 9.1.2.2 describes the choice as a series of eliminations, each step removing from
/// consideration the routes that are worse than the best remaining one on a single criterion:
///   9.1.2.1  routes whose NEXT_HOP does not resolve are not candidates;
///   9.1.1    highest degree of preference (LOCAL_PREF; <see cref="DecisionOptions.DefaultLocalPref"/> when absent);
///   (a) shortest AS_PATH (an AS_SET counts 1, confederation segments 0, RFC 5065 5.3);
///   (b) lowest ORIGIN;
///   (c) lowest MULTI_EXIT_DISC, compared only between routes from the same neighbouring AS;
///   (d) eBGP-learned over iBGP-learned;
///   (e) lowest interior cost to the NEXT_HOP;
///   RFC 5004: the oldest of equal eBGP routes (optional);
///   (f) lowest BGP Identifier, with ORIGINATOR_ID in its place when present (RFC 4456 9);
///   RFC 4456 9: shortest CLUSTER_LIST;
///   (g) lowest peer address;
///   and past the RFC, lowest path identifier and then peer id so that exactly one route wins.
///
/// Because (c) compares MED only within a neighbour AS, "better than" is not transitive (the classic
/// A &lt; B &lt; C &lt; A cycle), so no step ever sorts the candidates with a comparer. Following the RFC's
/// elimination literally (as OpenBGPD and BIRD's deterministic MED do) gives a result that depends only on
/// the set of candidates, never on their order. With <see cref="DecisionOptions.DeterministicMed"/> off
/// and MED not always compared, the candidates are instead walked pairwise in the order given (the
/// Loc-RIB gives the most recently added first, as Cisco walks newest first), which is order dependent by nature.
///
/// Every candidate that loses gets the step that ruled it out, which the explain API reports.
/// The ECMP multipath set is the best path plus the candidates equal to it up to and including step (e),
/// from the same neighbour AS unless <see cref="DecisionOptions.MultipathRelax"/>, at most
/// <see cref="DecisionOptions.MaxPaths"/>, ranked by the remaining tie-breaks.
/// </summary>
public sealed class DecisionProcess
{
    /// <summary>Steps (a)..(g) and the tie-breaks in order, for pairwise comparison.</summary>
    private static readonly DecisionStep[] PairwiseSteps =
    [
        DecisionStep.LocalPref, DecisionStep.AsPathLength, DecisionStep.Origin, DecisionStep.Med,
        DecisionStep.ExternalOverInternal, DecisionStep.IgpCost, DecisionStep.OldestExternal, DecisionStep.RouterId,
        DecisionStep.ClusterListLength, DecisionStep.PeerAddress, DecisionStep.PathId, DecisionStep.PeerId,
    ];

    /// <summary>Index in <see cref="PairwiseSteps"/> of the first step after the multipath boundary (e).</summary>
    private const int FirstTieBreak = 6;

    public DecisionProcess(DecisionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.MaxPaths < 1) throw new ArgumentOutOfRangeException(nameof(options), "MaxPaths must be at least 1");
        Options = options;
    }

    public DecisionOptions Options { get; }

    /// <summary>
    /// Answers a single eligible candidate without the elimination steps (on except in tests, which turn it
    /// off to check it against the full selection).
    /// </summary>
    internal bool SingleCandidateShortcut { get; init; } = true;

    /// <summary>
    /// Lets the Loc-RIB decide an added or removed path against the stored best path on the steps before MED
    /// instead of running <see cref="Select"/> (LocRib.Incremental.cs). On except in tests, which turn it off to
    /// check it against the full selection.
    /// </summary>
    internal bool IncrementalShortcut { get; init; } = true;

    /// <summary>
    /// Chooses the best of <paramref name="candidates"/>. Writes into <paramref name="lostAt"/> the step
    /// that ruled out each candidate (<see cref="DecisionStep.None"/> for the winner) and into
    /// <paramref name="multipath"/> the multipath set, best first. Returns the index of the best path, or
    /// -1 when no candidate is eligible.
    /// </summary>
    public int Select(ReadOnlySpan<PathCandidate> candidates, Span<DecisionStep> lostAt, Span<int> multipath, out int multipathCount)
    {
        int n = candidates.Length;
        if (lostAt.Length < n) throw new ArgumentException("lostAt is shorter than candidates", nameof(lostAt));
        if (multipath.Length < Math.Min(n, Options.MaxPaths)) throw new ArgumentException("multipath is shorter than MaxPaths", nameof(multipath));
        multipathCount = 0;

        // RFC 4271 9.1.2.1: a route whose NEXT_HOP is not resolvable is excluded from the decision.
        int eligible = 0;
        int lastEligible = -1;
        for (int i = 0; i < n; i++)
        {
            bool reachable = candidates[i].NextHop.Reachable;
            lostAt[i] = reachable ? DecisionStep.None : DecisionStep.NextHopUnreachable;
            if (reachable)
            {
                eligible++;
                lastEligible = i;
            }
        }
        if (eligible == 0) return -1;
        if (eligible == 1 && SingleCandidateShortcut)
        {
            // A lone eligible route is the best under every option: each step would compare it only with
            // itself, and the others lost at 9.1.2.1, which keeps them out of the multipath set too. Nearly
            // every prefix of a full table from one peer is this case (perf of workload 1: Select 2.7 % of
            // bgpd's samples, for an answer known after the reachability pass).
            multipath[0] = lastEligible;
            multipathCount = 1;
            return lastEligible;
        }

        bool pairwise = !Options.DeterministicMed && !Options.AlwaysCompareMed;
        int best = pairwise ? SelectPairwise(candidates, lostAt) : SelectByElimination(candidates, lostAt);
        multipathCount = CollectMultipath(candidates, lostAt, best, pairwise, multipath);
        return best;
    }

    private int SelectByElimination(ReadOnlySpan<PathCandidate> c, Span<DecisionStep> lostAt)
    {
        Eliminate(c, lostAt, DecisionStep.LocalPref);
        Eliminate(c, lostAt, DecisionStep.AsPathLength);
        Eliminate(c, lostAt, DecisionStep.Origin);
        EliminateMed(c, lostAt);
        Eliminate(c, lostAt, DecisionStep.ExternalOverInternal);
        Eliminate(c, lostAt, DecisionStep.IgpCost);

        // Past (e) no MED is involved, so the remaining steps form one lexicographic order: the minimum
        // is well defined, and each survivor lost at the first tie-break where it differs from it.
        int best = -1;
        for (int i = 0; i < c.Length; i++)
            if (lostAt[i] == DecisionStep.None && (best < 0 || CompareFrom(FirstTieBreak, c[i], c[best], out _) < 0)) best = i;
        for (int i = 0; i < c.Length; i++)
            if (i != best && lostAt[i] == DecisionStep.None)
            {
                CompareFrom(FirstTieBreak, c[i], c[best], out var step);
                lostAt[i] = step;
            }
        return best;
    }

    /// <summary>Removes every remaining candidate that is worse on <paramref name="step"/> than the best remaining one.</summary>
    private void Eliminate(ReadOnlySpan<PathCandidate> c, Span<DecisionStep> lostAt, DecisionStep step)
    {
        int best = -1;
        for (int i = 0; i < c.Length; i++)
            if (lostAt[i] == DecisionStep.None && (best < 0 || CompareStep(step, c[i], c[best]) < 0)) best = i;
        for (int i = 0; i < c.Length; i++)
            if (lostAt[i] == DecisionStep.None && CompareStep(step, c[i], c[best]) > 0) lostAt[i] = step;
    }

    /// <summary>
    /// RFC 4271 9.1.2.2 (c): remove a route if a remaining route from the same neighbouring AS (any AS with
    /// <see cref="DecisionOptions.AlwaysCompareMed"/>) has a lower MED. Marking in place is safe: a route
    /// removed here only ever hides routes that the one that removed it also beats (same AS, lower MED).
    /// </summary>
    private void EliminateMed(ReadOnlySpan<PathCandidate> c, Span<DecisionStep> lostAt)
    {
        for (int i = 0; i < c.Length; i++)
        {
            if (lostAt[i] != DecisionStep.None) continue;
            uint med = Med(c[i]);
            for (int j = 0; j < c.Length; j++)
            {
                if (j == i || lostAt[j] != DecisionStep.None) continue;
                if ((Options.AlwaysCompareMed || c[j].Attributes.NeighbourAs == c[i].Attributes.NeighbourAs) && Med(c[j]) < med)
                {
                    lostAt[i] = DecisionStep.Med;
                    break;
                }
            }
        }
    }

    /// <summary>Non-deterministic MED: each candidate against the best so far, in the order given.</summary>
    private int SelectPairwise(ReadOnlySpan<PathCandidate> c, Span<DecisionStep> lostAt)
    {
        int best = -1;
        for (int i = 0; i < c.Length; i++)
        {
            if (lostAt[i] != DecisionStep.None) continue;
            if (best < 0) { best = i; continue; }
            if (CompareFrom(0, c[i], c[best], out var step) < 0)
            {
                lostAt[best] = step;
                best = i;
            }
            else lostAt[i] = step;
        }
        return best;
    }

    private int CollectMultipath(ReadOnlySpan<PathCandidate> c, ReadOnlySpan<DecisionStep> lostAt, int best, bool pairwise, Span<int> multipath)
    {
        multipath[0] = best;
        int count = 1;
        int previous = best;
        // Each next member is the smallest (by the tie-breaks, a strict total order) of those ranked after
        // the previous one: a selection without sorting, k passes over a handful of candidates.
        while (count < Options.MaxPaths)
        {
            int next = -1;
            for (int i = 0; i < c.Length; i++)
            {
                if (i == best || !IsMultipathMember(c, lostAt, i, best, pairwise)) continue;
                if (CompareFrom(FirstTieBreak, c[i], c[previous], out _) <= 0) continue;
                if (next < 0 || CompareFrom(FirstTieBreak, c[i], c[next], out _) < 0) next = i;
            }
            if (next < 0) break;
            multipath[count++] = next;
            previous = next;
        }
        return count;
    }

    private bool IsMultipathMember(ReadOnlySpan<PathCandidate> c, ReadOnlySpan<DecisionStep> lostAt, int i, int best, bool pairwise)
    {
        if (lostAt[i] == DecisionStep.NextHopUnreachable) return false;
        if (!Options.MultipathRelax && c[i].Attributes.NeighbourAs != c[best].Attributes.NeighbourAs) return false;
        // Equal to the best through step (e): in elimination, survived it; pairwise, ties with the best there.
        if (!pairwise) return lostAt[i] > DecisionStep.IgpCost;
        CompareFrom(0, c[i], c[best], out var step);
        return step > DecisionStep.IgpCost;
    }

    /// <summary>
    /// Compares two candidates step by step from <paramref name="firstStep"/> (an index in the step list),
    /// MED only between the same neighbour AS unless always compared. Negative when <paramref name="a"/>
    /// is preferred; <paramref name="step"/> is where they differed.
    /// </summary>
    private int CompareFrom(int firstStep, in PathCandidate a, in PathCandidate b, out DecisionStep step)
    {
        for (int k = firstStep; k < PairwiseSteps.Length; k++)
        {
            var s = PairwiseSteps[k];
            if (s == DecisionStep.Med && !Options.AlwaysCompareMed && a.Attributes.NeighbourAs != b.Attributes.NeighbourAs) continue;
            int r = CompareStep(s, a, b);
            if (r != 0) { step = s; return r; }
        }
        step = DecisionStep.None;
        return 0;
    }

    /// <summary>
    /// Compares two candidates on the steps that come before MED, with the code the full selection runs:
    /// RFC 4271 9.1.2.1 (a candidate whose NEXT_HOP resolves beats one whose does not), then the degree of
    /// preference, (a) AS_PATH length and (b) ORIGIN. Negative when <paramref name="a"/> is preferred, 0 when
    /// they tie on all of them. These steps are one lexicographic order (no MED yet), so the winner of
    /// <see cref="Select"/> is always a minimum of it over the candidates; LocRib.Incremental.cs builds on that.
    /// </summary>
    internal int ComparePrefixSteps(in PathCandidate a, in PathCandidate b)
    {
        if (a.NextHop.Reachable != b.NextHop.Reachable) return a.NextHop.Reachable ? -1 : 1;
        int r = CompareStep(DecisionStep.LocalPref, a, b);
        if (r != 0) return r;
        r = CompareStep(DecisionStep.AsPathLength, a, b);
        return r != 0 ? r : CompareStep(DecisionStep.Origin, a, b);
    }

    /// <summary>One criterion: negative when <paramref name="a"/> is preferred, positive when <paramref name="b"/> is.</summary>
    private int CompareStep(DecisionStep step, in PathCandidate a, in PathCandidate b)
    {
        switch (step)
        {
            case DecisionStep.LocalPref:
                // Higher is preferred. The Adj-RIB-In holds post-policy attributes: a LOCAL_PREF received from
                // an eBGP peer was dropped on import (RFC 4271 5.1.5), so one present here was set by policy.
                return LocalPref(b).CompareTo(LocalPref(a));
            case DecisionStep.AsPathLength:
                return a.Attributes.AsPathLength.CompareTo(b.Attributes.AsPathLength);
            case DecisionStep.Origin:
                return ((byte)a.Attributes.Origin).CompareTo((byte)b.Attributes.Origin);
            case DecisionStep.Med:
                return Med(a).CompareTo(Med(b));
            case DecisionStep.ExternalOverInternal:
                return a.Peer.IsInternal.CompareTo(b.Peer.IsInternal);
            case DecisionStep.IgpCost:
                return a.NextHop.IgpCost.CompareTo(b.NextHop.IgpCost);
            case DecisionStep.OldestExternal:
                // RFC 5004 applies only between two external routes.
                if (!Options.PreferOldestExternal || a.Peer.IsInternal || b.Peer.IsInternal) return 0;
                return a.Sequence.CompareTo(b.Sequence);
            case DecisionStep.RouterId:
                return a.RouterId.CompareTo(b.RouterId);
            case DecisionStep.ClusterListLength:
                return a.Attributes.ClusterListLength.CompareTo(b.Attributes.ClusterListLength);
            case DecisionStep.PeerAddress:
                return RibPeer.CompareAddress(a.Peer, b.Peer);
            case DecisionStep.PathId:
                return a.PathId.CompareTo(b.PathId);
            case DecisionStep.PeerId:
                return a.Peer.Id.CompareTo(b.Peer.Id);
            default:
                throw new ArgumentOutOfRangeException(nameof(step));
        }
    }

    private uint LocalPref(in PathCandidate c) => c.Attributes.LocalPref ?? Options.DefaultLocalPref;

    /// <summary>RFC 4271 9.1.2.2 (c): a missing MED counts as 0, unless configured to count as the worst.</summary>
    private uint Med(in PathCandidate c) => c.Attributes.Med ?? (Options.MissingMedAsWorst ? uint.MaxValue : 0u);
}
