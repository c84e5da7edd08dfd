using Bgp.Protocol;

namespace Bgp.Rib;

/// <summary>
/// The Loc-RIB of one address family (RFC 4271 3.2) together with the Adj-RIBs-In that feed it: for each
/// prefix every candidate path from every peer (several per peer with ADD-PATH, RFC 7911, kept apart by
/// path identifier), the best path and the ECMP multipath set. Each operation re-runs the decision for
/// the prefix it touched and returns what changed, for update generation and the FIB to act on.
/// The Adj-RIB-In holds post-policy routes: import policy runs before <see cref="Announce"/>.
/// Single writer: no locks; reads from other threads go through snapshots made by the owner.
/// </summary>
public sealed partial class LocRib
{
    private readonly PeerTable _peers;
    private readonly AttributeInterner _interner;
    private readonly INextHopTable _nextHops;
    private readonly DecisionProcess _decision;
    private ulong _sequence;

    public LocRib(Afi afi, PeerTable peers, AttributeInterner interner, INextHopTable nextHops, DecisionProcess decision)
    {
        ArgumentNullException.ThrowIfNull(peers);
        ArgumentNullException.ThrowIfNull(interner);
        ArgumentNullException.ThrowIfNull(nextHops);
        ArgumentNullException.ThrowIfNull(decision);
        Afi = afi;
        _peers = peers;
        _interner = interner;
        _nextHops = nextHops;
        _decision = decision;
        _tracksArrival = decision.Options.PreferOldestExternal;
        _incremental = decision.IncrementalShortcut;
    }

    public Afi Afi { get; }

    /// <summary>
    /// Adds or replaces (RFC 4271 3.1 implicit withdraw) the path (<paramref name="peerId"/>,
    /// <paramref name="pathId"/>) to <paramref name="prefix"/>. Takes over the caller's reference to
    /// <paramref name="attributes"/> (from <see cref="AttributeInterner.Intern"/>).
    /// </summary>
    public RibChange Announce(int peerId, Prefix prefix, uint pathId, RouteAttributes attributes)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        // The path slot keeps only the id, so the set must be the one the interner holds under it.
        if (!_interner.Holds(attributes))
            throw new ArgumentException("attributes are not held by this RIB's interner", nameof(attributes));
        CheckFamily(prefix);
        _ = _peers[peerId];
        int bucket = FindBucket(prefix);
        int d = bucket >= 0 ? BucketDestination(bucket) : AddDestination(prefix, ~bucket);
        _lastDestination = d;
        int p = FindPath(d, peerId, pathId);
        bool captured = false;
        if (p >= 0)
        {
            var old = _interner[_paths[p].AttributesId];
            if (ReferenceEquals(old, attributes))
            {
                // A repeated announcement: nothing to decide, and the route keeps its age. After a graceful
                // restart it is what refreshes a stale path (RFC 4724 4.2).
                ClearStale(p);
                _interner.Release(attributes);
                return new RibChange(prefix, RibChangeKind.Unchanged, d);
            }
            // The removal half of the replacement is judged on the old attributes, before they go.
            if (!_incremental || !RemovalKeepsDecision(d, p))
            {
                Capture(d);
                captured = true;
            }
            _paths[p].AttributesId = attributes.Id;
            ClearStale(p);
            if (_tracksArrival) _sequences[p] = ++_sequence;
            _interner.Release(old);
        }
        else p = AddPath(d, peerId, pathId, attributes);
        if (!captured)
        {
            if (_incremental && Addition(d, p) is var shortcut and not Shortcut.Full) return FinishShortcut(d, p, prefix, shortcut);
            // Path p is new or was neither best nor multipath, and its flags say neither: capturing now sees the
            // decision as it was before the operation.
            Capture(d);
        }
        return Finish(d, prefix);
    }

    /// <summary>Removes the path (<paramref name="peerId"/>, <paramref name="pathId"/>) to <paramref name="prefix"/> if present.</summary>
    public RibChange Withdraw(int peerId, Prefix prefix, uint pathId)
    {
        CheckFamily(prefix);
        int d = FindDestination(prefix);
        int p = d >= 0 ? FindPath(d, peerId, pathId) : -1;
        if (p < 0) return new RibChange(prefix, RibChangeKind.Unchanged);
        if (_incremental && RemovalKeepsDecision(d, p))
        {
            RemovePath(p);
            return FinishRemovals(d, prefix);
        }
        Capture(d);
        RemovePath(p);
        return Finish(d, prefix);
    }

    /// <summary>
    /// Removes every path of a peer (its session went down). Appends to <paramref name="changes"/> one entry
    /// per prefix whose best path or multipath set changed, and returns how many paths were removed.
    /// </summary>
    public int PeerDown(int peerId, List<RibChange> changes) => PeerDown(peerId, changes, int.MaxValue);

    /// <summary>
    /// As <see cref="PeerDown(int, List{RibChange})"/>, but stops once <paramref name="changes"/> holds
    /// <paramref name="maxChanges"/> entries; call again for the rest (the peer's first remaining path is where
    /// it goes on). The peer's other paths stay in the table, and in the decision of their own prefixes, until then.
    /// </summary>
    public int PeerDown(int peerId, List<RibChange> changes, int maxChanges)
    {
        ArgumentNullException.ThrowIfNull(changes);
        int removed = 0;
        while (changes.Count < maxChanges && PeerFirstPath(peerId) is var p and >= 0)
        {
            // All of the peer's paths to this prefix go at once, so that ADD-PATH routes yield one change.
            int d = _paths[p].Destination;
            var prefix = _destinations[d].Prefix;
            // Each of the peer's paths here judged against the stored decision: if every removal keeps it, all do.
            bool keeps = _incremental;
            for (int q = _destinations[d].FirstPath; q >= 0 && keeps; q = _paths[q].NextInDestination)
                if (_paths[q].Peer == peerId) keeps = RemovalKeepsDecision(d, q);
            if (!keeps) Capture(d);
            for (int q = _destinations[d].FirstPath; q >= 0;)
            {
                int next = _paths[q].NextInDestination;
                if (_paths[q].Peer == peerId)
                {
                    RemovePath(q);
                    removed++;
                }
                q = next;
            }
            var change = keeps ? FinishRemovals(d, prefix) : Finish(d, prefix);
            if (change.Kind != RibChangeKind.Unchanged) changes.Add(change);
        }
        return removed;
    }

    /// <summary>
    /// Re-runs the decision for a prefix whose inputs changed outside the RIB (a next hop's reachability
    /// or IGP cost) and says what changed.
    /// </summary>
    public RibChange Reevaluate(Prefix prefix)
    {
        int d = FindDestination(prefix);
        // An empty destination kept by a hold has nothing to decide.
        if (d < 0 || _destinations[d].FirstPath < 0) return new RibChange(prefix, RibChangeKind.Unchanged);
        Capture(d);
        return Finish(d, prefix);
    }

    /// <summary>The Adj-RIB-In (post-policy) of one peer in this family.</summary>
    public AdjRibIn AdjRibIn(int peerId) => new(this, peerId);

    public bool TryGetBest(Prefix prefix, out RibPath best)
    {
        int d = FindDestination(prefix);
        int p = d >= 0 ? _destinations[d].Best : -1;
        best = p >= 0 ? PathAt(p) : default;
        return p >= 0;
    }

    /// <summary>
    /// The destination index of <paramref name="change"/>'s prefix now, live or held; -1 when the index has no
    /// such prefix. The index the change carries is taken when its slot still holds that prefix (one compare
    /// in a slot the operation just wrote), else the prefix is looked up: the change may be older than
    /// operations or releases that freed or reused its index. A freed slot reads as the default prefix, so a
    /// default route is always looked up.
    /// </summary>
    internal int CurrentDestination(in RibChange change)
    {
        int d = change.Destination;
        if ((uint)d < (uint)_destinationHigh && change.Prefix.Length != 0 && _destinations[d].Prefix.Equals(change.Prefix)) return d;
        return FindDestination(change.Prefix);
    }

    /// <summary>The best path of destination <paramref name="d"/> (from <see cref="CurrentDestination"/>; -1 has none).</summary>
    internal bool TryGetBestAt(int d, out RibPath best)
    {
        int p = d >= 0 ? _destinations[d].Best : -1;
        best = p >= 0 ? PathAt(p) : default;
        return p >= 0;
    }

    /// <summary>Adds the multipath set of <paramref name="prefix"/> (best path included, in no particular order) to <paramref name="into"/>.</summary>
    public int GetMultipath(Prefix prefix, List<RibPath> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        int d = FindDestination(prefix);
        int n = 0;
        if (d < 0) return 0;
        for (int p = _destinations[d].FirstPath; p >= 0; p = _paths[p].NextInDestination)
            if ((_paths[p].Flags & PathFlags.Multipath) != 0) { into.Add(PathAt(p)); n++; }
        return n;
    }

    /// <summary>Adds every candidate path of <paramref name="prefix"/> to <paramref name="into"/>.</summary>
    public int GetCandidates(Prefix prefix, List<RibPath> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        int d = FindDestination(prefix);
        int n = 0;
        if (d < 0) return 0;
        for (int p = _destinations[d].FirstPath; p >= 0; p = _paths[p].NextInDestination) { into.Add(PathAt(p)); n++; }
        return n;
    }

    /// <summary>
    /// Every candidate of <paramref name="prefix"/> with the decision step that ruled it out: the best path
    /// first, then the rest of the multipath set in rank order, then the others. Null for an unknown prefix.
    /// Not for the hot path (it allocates the answer).
    /// </summary>
    public BestPathExplanation? Explain(Prefix prefix)
    {
        int d = FindDestination(prefix);
        // An empty destination kept by a hold is not a prefix the Loc-RIB knows.
        if (d < 0 || _destinations[d].FirstPath < 0) return null;
        int n = LoadCandidates(d);
        int best = _decision.Select(_candidates.AsSpan(0, n), _lostAt, _multipath, out int multipathCount);
        var paths = new List<PathExplanation>(n);
        for (int k = 0; k < multipathCount; k++)
            paths.Add(Explanation(_multipath[k], best, inMultipath: true));
        for (int i = 0; i < n; i++)
            if (_multipath.AsSpan(0, multipathCount).IndexOf(i) < 0) paths.Add(Explanation(i, best, inMultipath: false));
        return new BestPathExplanation(prefix, paths);
    }

    private PathExplanation Explanation(int i, int best, bool inMultipath) =>
        new(PathAt(_candidateSlots[i]), _lostAt[i], i == best, inMultipath, _candidates[i].NextHop);

    private void CheckFamily(in Prefix prefix)
    {
        if (prefix.Afi != Afi) throw new ArgumentException($"{prefix} is not in the {Afi} Loc-RIB", nameof(prefix));
    }
}
