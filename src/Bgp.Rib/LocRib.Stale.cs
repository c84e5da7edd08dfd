using System.Diagnostics;
using Bgp.Protocol;

namespace Bgp.Rib;

/// <summary>
/// Graceful restart, receiving side (RFC 4724 4.2): a peer's paths are kept and marked stale when its
/// session is lost, stay in the decision (and so in the FIB), lose the mark when the peer announces them
/// again, and those still stale are swept at its End-of-RIB or when the restart time runs out. The mark is
/// one bit of the path's flags, so retention costs no memory per path.
/// <para>
/// Each peer's stale paths are counted (<c>_peerStale</c>, 4 bytes per peer id): every End-of-RIB sweeps, and
/// with no graceful restart nothing is ever stale, yet the sweep followed the peer's whole list looking for the
/// bit (random reads over a full table's 1.29M paths, 0.7 % of the daemon's CPU in perf of bench workload 2).
/// With the count the sweep returns at once when it is 0 and stops after the last stale path. The count moves
/// only where the bit does: set here, cleared by a refresh (<see cref="ClearStale"/>), gone with its path
/// (RemovePath: withdraw, peer down, sweep). The decision rewrites Best and Multipath and keeps Stale.
/// </para>
/// </summary>
public sealed partial class LocRib
{
    /// <summary>Marks every path of <paramref name="peerId"/> stale; returns how many. The decision does not change.</summary>
    public int MarkStale(int peerId)
    {
        int n = 0, marked = 0;
        for (int p = PeerFirstPath(peerId); p >= 0; p = _paths[p].NextInPeer)
        {
            ref var slot = ref _paths[p];
            // A peer back from a restart may go down again before its sweep: a path still stale counts once.
            if ((slot.Flags & PathFlags.Stale) == 0)
            {
                slot.Flags |= PathFlags.Stale;
                marked++;
            }
            n++;
        }
        // A peer with a path has its slot in the per-peer arrays (AddPath grew them).
        if (marked > 0) _peerStale[peerId] += marked;
        return n;
    }

    /// <summary>Clears the stale mark of path <paramref name="p"/>, announced again (RFC 4724 4.2), keeping its peer's count.</summary>
    private void ClearStale(int p)
    {
        ref var slot = ref _paths[p];
        if ((slot.Flags & PathFlags.Stale) == 0) return;
        slot.Flags &= ~PathFlags.Stale;
        _peerStale[slot.Peer]--;
    }

    /// <summary>
    /// Removes the paths of <paramref name="peerId"/> still marked stale. Appends one change per prefix whose
    /// best path or multipath set changed, and returns how many paths were removed.
    /// </summary>
    public int SweepStale(int peerId, List<RibChange> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        // Nothing marked (no graceful restart, or every path refreshed): no walk over the peer's list at all.
        int stale = StalePathCount(peerId);
        int removed = 0, visited = 0;
        for (int p = PeerFirstPath(peerId); p >= 0 && removed < stale;)
        {
            visited++;
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
        Debug.Assert(StalePathCount(peerId) == 0, "a stale path was left behind: the count was short");
        SweepVisits += visited;
        return removed;
    }

    /// <summary>Paths the sweeps have looked at so far, for tests that the walk stops where it should.</summary>
    internal long SweepVisits { get; private set; }

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
    public int StalePathCount(int peerId) => (uint)peerId < (uint)_peerStale.Length ? _peerStale[peerId] : 0;

    /// <summary>True when the path (<paramref name="peerId"/>, <paramref name="pathId"/>) to <paramref name="prefix"/> exists and is stale.</summary>
    public bool IsStale(int peerId, Prefix prefix, uint pathId)
    {
        int d = FindDestination(prefix);
        int p = d >= 0 ? FindPath(d, peerId, pathId) : -1;
        return p >= 0 && (_paths[p].Flags & PathFlags.Stale) != 0;
    }
}
