using Bgp.Protocol;

namespace Bgp.Rib;

/// <summary>
/// Graceful restart, receiving side (RFC 4724 4.2): a peer's paths are kept and marked stale when its
/// session is lost, stay in the decision (and so in the FIB), lose the mark when the peer announces them
/// again, and those still stale are swept at its End-of-RIB or when the restart time runs out. The mark is
/// one bit of the path's flags, so retention costs no memory per path.
/// </summary>
public sealed partial class LocRib
{
    /// <summary>Marks every path of <paramref name="peerId"/> stale; returns how many. The decision does not change.</summary>
    public int MarkStale(int peerId)
    {
        int n = 0;
        for (int p = PeerFirstPath(peerId); p >= 0; p = _paths[p].NextInPeer)
        {
            _paths[p].Flags |= PathFlags.Stale;
            n++;
        }
        return n;
    }

    /// <summary>
    /// Removes the paths of <paramref name="peerId"/> still marked stale. Appends one change per prefix whose
    /// best path or multipath set changed, and returns how many paths were removed.
    /// </summary>
    public int SweepStale(int peerId, List<RibChange> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        int removed = 0;
        for (int p = PeerFirstPath(peerId); p >= 0;)
        {
            int next = _paths[p].NextInPeer;
            if ((_paths[p].Flags & PathFlags.Stale) != 0)
            {
                // One decision per removed path: simpler than grouping a destination's ADD-PATH paths, and
                // only the last removal of a destination reports a change if the earlier ones did not.
                int d = _paths[p].Destination;
                var prefix = _destinations[d].Prefix;
                bool keeps = _incremental && RemovalKeepsDecision(d, p);
                if (!keeps) Capture(d);
                RemovePath(p);
                removed++;
                var change = keeps ? FinishRemovals(d, prefix) : Finish(d, prefix);
                if (change.Kind != RibChangeKind.Unchanged) changes.Add(change);
            }
            p = next;
        }
        return removed;
    }

    /// <summary>
    /// Decides again every destination with a path of <paramref name="peerId"/>, after what the decision reads of
    /// the peer itself changed under its kept paths (a graceful restart's new session with another BGP Identifier,
    /// RFC 4724 4.2), and adds what changed to <paramref name="changes"/>. Returns how many were decided.
    /// </summary>
    public int ReevaluatePeer(int peerId, List<RibChange> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        // ADD-PATH: a peer may have several paths to one destination; each destination is decided once.
        var destinations = new HashSet<int>();
        for (int p = PeerFirstPath(peerId); p >= 0; p = _paths[p].NextInPeer) destinations.Add(_paths[p].Destination);
        return Redecide(destinations, changes);
    }

    /// <summary>How many paths of <paramref name="peerId"/> are stale.</summary>
    public int StalePathCount(int peerId)
    {
        int n = 0;
        for (int p = PeerFirstPath(peerId); p >= 0; p = _paths[p].NextInPeer)
            if ((_paths[p].Flags & PathFlags.Stale) != 0) n++;
        return n;
    }

    /// <summary>True when the path (<paramref name="peerId"/>, <paramref name="pathId"/>) to <paramref name="prefix"/> exists and is stale.</summary>
    public bool IsStale(int peerId, Prefix prefix, uint pathId)
    {
        int d = FindDestination(prefix);
        int p = d >= 0 ? FindPath(d, peerId, pathId) : -1;
        return p >= 0 && (_paths[p].Flags & PathFlags.Stale) != 0;
    }
}
