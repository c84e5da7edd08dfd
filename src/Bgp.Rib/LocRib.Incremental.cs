using Bgp.Protocol;

namespace Bgp.Rib;

/// <summary>
/// Deciding one added or removed path against the stored best path, without loading the candidates or
/// running the selection, where that provably gives what the full decision process would.
///
/// Why it is the same. RFC 4271 9.1.2.2 eliminates in order: 9.1.2.1 (unresolvable NEXT_HOP), degree of
/// preference, (a) AS_PATH length, (b) ORIGIN, then (c) MED, (d), (e) and the tie-breaks. The steps before
/// MED compare every route with every other on one value each, so together they are one lexicographic
/// order K (<see cref="DecisionProcess.ComparePrefixSteps"/>), and the routes left after (b) are exactly the
/// eligible ones with the least K: call them S. Everything after reads only S:
///   - elimination (deterministic MED, always-compare-MED): (c) compares only routes not yet eliminated, and
///     the multipath set needs equality through (e), which a route eliminated by (b) or earlier lacks;
///   - pairwise (neither): a route is compared with the best so far from LOCAL_PREF on, so two routes of
///     different K are decided by K alone; the walk's best reaches the first route of S it meets and from
///     then on only other routes of S can replace it, in their order in the list. Where routes outside S
///     sit changes nothing, and a multipath member must tie the best through (e).
/// So the best path B and the multipath set are a function of S (and of S's order), and K(B) is the least K.
/// Adding a route P: P ineligible or K(P) &gt; K(B) leaves S as it was (nothing changes); K(P) &lt; K(B) makes
/// S = {P}, so P is best and the multipath set is {P}; K(P) = K(B) grows S: full decision. Removing a route
/// Z that is neither best nor multipath: Z ineligible or K(Z) &gt; K(B) means Z was not in S (nothing
/// changes); otherwise Z was in S and may have eliminated a route of its own neighbour AS at (c) (MED is not
/// transitive): full decision. A replacement (implicit withdraw, RFC 4271 3.1) is the removal of the old
/// route and the addition of the new one in the same slot, which keeps its place in the list; both halves
/// must qualify. RFC 5004 and the other tie-breaks act only within S. The Stale bit is left alone.
///
/// This needs the stored decision to be the one the current next-hop table gives: RibEngine re-decides
/// every destination of a next hop in the command that changes its entry (RibEngine.NextHops.cs, through
/// <see cref="ReevaluateNextHop"/>), and a caller that changes the table itself must re-decide too (as it
/// must anyway). As a cheap guard the stored best must still resolve, else the full decision runs.
/// The same holds for the peer table, which steps (d), (f) and (g) read: a peer back from a graceful restart
/// with another BGP Identifier, address or type has its stale paths' destinations re-decided
/// (RibEngine.Restart.cs, through <see cref="ReevaluatePeer"/>); an injected INextHopTable that changes by
/// itself breaks this (the engine cannot re-decide for it).
/// The explain API and <see cref="GetRanked"/> run the full selection on demand, as before.
/// </summary>
public sealed partial class LocRib
{
    private enum Shortcut : byte
    {
        /// <summary>The conditions do not hold: run the full decision.</summary>
        Full,
        /// <summary>Best path and multipath set stay as they are.</summary>
        Unchanged,
        /// <summary>The added path is the only one left after (b): it is best and the whole multipath set.</summary>
        NewBest,
    }

    private readonly bool _incremental;

    /// <summary>How many times the full selection ran for an operation (a test's evidence that the shortcut was taken).</summary>
    internal long FullDecisions { get; private set; }

    /// <summary>Path <paramref name="p"/> as the decision sees it.</summary>
    private PathCandidate CandidateAt(int p)
    {
        ref readonly var slot = ref _paths[p];
        var attributes = _interner[slot.AttributesId];
        return new PathCandidate(attributes, _peers[slot.Peer], PathIdAt(p), _tracksArrival ? _sequences[p] : 0, _nextHops.Resolve(attributes.NextHop));
    }

    /// <summary>
    /// True when removing path <paramref name="z"/> (still in place, with the attributes it is decided on)
    /// leaves the best path and the multipath set as they are: it is neither, and it was ruled out before MED.
    /// </summary>
    private bool RemovalKeepsDecision(int d, int z)
    {
        int b = _destinations[d].Best;
        if (z == b || (_paths[z].Flags & PathFlags.Multipath) != 0) return false;
        var removed = CandidateAt(z);
        if (!removed.NextHop.Reachable) return true;
        // An eligible route and no best: the stored decision is not this table's; let the full process answer.
        if (b < 0) return false;
        var best = CandidateAt(b);
        return best.NextHop.Reachable && _decision.ComparePrefixSteps(removed, best) > 0;
    }

    /// <summary>What adding path <paramref name="p"/> (already linked, neither best nor multipath) does to the stored decision.</summary>
    private Shortcut Addition(int d, int p)
    {
        var added = CandidateAt(p);
        if (!added.NextHop.Reachable) return Shortcut.Unchanged;
        int b = _destinations[d].Best;
        // No eligible route before: the added one is the only one.
        if (b < 0) return Shortcut.NewBest;
        var best = CandidateAt(b);
        if (!best.NextHop.Reachable) return Shortcut.Full;
        int r = _decision.ComparePrefixSteps(added, best);
        return r > 0 ? Shortcut.Unchanged : r < 0 ? Shortcut.NewBest : Shortcut.Full;
    }

    /// <summary>
    /// Applies a shortcut's answer and reports it as <see cref="Finish"/> would have: a new best path is both a
    /// best-path and a multipath change (the captured set never held the added path), and
    /// <see cref="RibChangeKind.Candidates"/> is reported whenever <see cref="ReportCandidates"/> is on.
    /// </summary>
    private RibChange FinishShortcut(int d, int p, in Prefix prefix, Shortcut shortcut)
    {
        var kind = RibChangeKind.Unchanged;
        if (shortcut == Shortcut.NewBest)
        {
            for (int q = _destinations[d].FirstPath; q >= 0; q = _paths[q].NextInDestination) _paths[q].Flags &= PathFlags.Stale;
            _paths[p].Flags |= PathFlags.Best | PathFlags.Multipath;
            _destinations[d].Best = p;
            kind = RibChangeKind.BestPath | RibChangeKind.Multipath;
        }
        if (ReportCandidates) kind |= RibChangeKind.Candidates;
        return new RibChange(prefix, kind, d);
    }

    /// <summary>The flags of path (<paramref name="peerId"/>, <paramref name="pathId"/>) to <paramref name="prefix"/>; None when absent. For tests comparing two tables.</summary>
    internal PathFlags FlagsOf(int peerId, Prefix prefix, uint pathId)
    {
        int d = FindDestination(prefix);
        int p = d >= 0 ? FindPath(d, peerId, pathId) : -1;
        return p >= 0 ? _paths[p].Flags : PathFlags.None;
    }

    /// <summary>
    /// After removals that each kept the decision: the change to report, or the full finish when the destination
    /// is left empty (it may have to be freed). Capturing after the removals sees what was there before: the
    /// removed paths were neither best nor multipath.
    /// </summary>
    private RibChange FinishRemovals(int d, in Prefix prefix)
    {
        if (_destinations[d].FirstPath >= 0) return FinishShortcut(d, -1, prefix, Shortcut.Unchanged);
        Capture(d);
        return Finish(d, prefix);
    }
}
