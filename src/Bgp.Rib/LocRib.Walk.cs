using System.Net;

namespace Bgp.Rib;

public sealed partial class LocRib
{
    /// <summary>
    /// Adds the best path of every prefix that has one to <paramref name="into"/>, in storage order; for
    /// the initial table dump to a peer that just came up and for snapshots. Returns how many were added.
    /// </summary>
    public int CopyBestPaths(List<RibPath> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        int n = 0;
        // Free destination slots keep Best = -1, so they are skipped like prefixes without an eligible path.
        for (int d = 0; d < _destinationHigh; d++)
        {
            int best = _destinations[d].Best;
            if (best < 0) continue;
            into.Add(PathAt(best));
            n++;
        }
        return n;
    }

    /// <summary>
    /// Decides again every prefix with a candidate through <paramref name="nextHop"/>, after the next-hop table
    /// changed what it says about it, and adds what changed to <paramref name="changes"/>. Returns how many
    /// prefixes were decided again. It walks every path: next hops change rarely (a link, an address, an IGP
    /// route), and an index by next hop would cost memory on every path all the time.
    /// </summary>
    public int ReevaluateNextHop(IPAddress nextHop, List<RibChange> changes)
    {
        ArgumentNullException.ThrowIfNull(nextHop);
        ArgumentNullException.ThrowIfNull(changes);
        var destinations = new HashSet<int>();
        // Free path slots have attribute id 0; live ones name their destination.
        for (int p = 0; p < _pathHigh; p++)
            if (_paths[p].AttributesId is var id and not 0 && nextHop.Equals(_interner[id].NextHop)) destinations.Add(_paths[p].Destination);
        return Redecide(destinations, changes);
    }

    /// <summary>Runs the full decision for each of <paramref name="destinations"/>, adds what changed; returns how many.</summary>
    private int Redecide(HashSet<int> destinations, List<RibChange> changes)
    {
        foreach (int d in destinations)
        {
            var prefix = _destinations[d].Prefix;
            Capture(d);
            var change = Finish(d, prefix);
            if (change.Kind != RibChangeKind.Unchanged) changes.Add(change);
        }
        return destinations.Count;
    }
}
