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
}
