using Bgp.Protocol;

namespace Bgp.Rib.Engine;

/// <summary>
/// Reads for the API. They run on the owner (the RIB loop answers queries between commands) and return
/// immutable values, so callers on other threads never see the RIB's storage change under them.
/// </summary>
public sealed partial class RibEngine
{
    /// <summary>The prefixes we originate.</summary>
    public IReadOnlyCollection<Prefix> Originated => _originated;

    /// <summary>The best path to <paramref name="prefix"/>, or null.</summary>
    public LocRibEntry? GetBest(Prefix prefix) => Rib.TryGetBest(prefix, out var best) ? LocRibEntry.From(best) : null;

    /// <summary>A copy of the Loc-RIB's best paths (both families, or only <paramref name="afi"/>).</summary>
    public List<LocRibEntry> SnapshotLocRib(Afi? afi = null)
    {
        var paths = new List<RibPath>();
        if (afi is null or Afi.Ipv4) Rib.Ipv4.CopyBestPaths(paths);
        if (afi is null or Afi.Ipv6) Rib.Ipv6.CopyBestPaths(paths);
        var entries = new List<LocRibEntry>(paths.Count);
        foreach (var p in paths) entries.Add(LocRibEntry.From(p));
        return entries;
    }

    /// <summary>A copy of one peer's Adj-RIB-In (post-policy) in both families; empty for an unknown peer.</summary>
    public List<LocRibEntry> SnapshotAdjRibIn(int peerId)
    {
        var entries = new List<LocRibEntry>();
        if (peerId != LocalPeerId && !_peers.ContainsKey(peerId)) return entries;
        foreach (var path in Rib.AdjRibIn(peerId, Afi.Ipv4)) entries.Add(LocRibEntry.From(path));
        foreach (var path in Rib.AdjRibIn(peerId, Afi.Ipv6)) entries.Add(LocRibEntry.From(path));
        return entries;
    }

    /// <summary>Every candidate of <paramref name="prefix"/> with the decision step that ruled it out; null for an unknown prefix.</summary>
    public BestPathExplanation? Explain(Prefix prefix) => Rib.Explain(prefix);
}
