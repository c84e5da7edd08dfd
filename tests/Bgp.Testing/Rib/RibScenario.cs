using Bgp.Protocol;
using Bgp.Protocol.Attributes;

namespace Bgp.Testing.Rib;

/// <summary>
/// Peers, next-hop states (reachable, IGP cost) and the operations that bring a few prefixes to a final
/// state, given as per-route histories. <see cref="Interleave"/> merges the histories in an order drawn
/// from a seed, keeping each route's own operations in order, so two seeds give two arrival orders that
/// end in the same set of routes.
/// </summary>
public sealed record RibScenario(
    IReadOnlyList<RibPeerSpec> Peers,
    IReadOnlyDictionary<string, (bool Reachable, uint Cost)> NextHops,
    IReadOnlyList<IReadOnlyList<RibOp>> Histories)
{
    public IReadOnlyList<RibOp> Interleave(int seed)
    {
        var random = new Random(seed);
        var positions = new int[Histories.Count];
        var result = new List<RibOp>();
        var open = new List<int>();
        for (int i = 0; i < Histories.Count; i++) if (Histories[i].Count > 0) open.Add(i);
        while (open.Count > 0)
        {
            int k = random.Next(open.Count);
            int h = open[k];
            result.Add(Histories[h][positions[h]++]);
            if (positions[h] == Histories[h].Count) open.RemoveAt(k);
        }
        return result;
    }

    /// <summary>The routes present at the end: the last operation of each history when it is an announcement.</summary>
    public IEnumerable<RibOp> FinalRoutes()
    {
        foreach (var h in Histories)
            if (h.Count > 0 && !h[^1].IsWithdraw) yield return h[^1];
    }

    public IEnumerable<Prefix> Prefixes()
    {
        var seen = new HashSet<Prefix>();
        foreach (var h in Histories)
            foreach (var op in h)
                if (seen.Add(op.Prefix)) yield return op.Prefix;
    }

    public override string ToString() =>
        string.Join("; ", Peers.Select(p => $"peer {p.Id} {p.Address} AS{p.RemoteAs} id {p.BgpId} {(p.IsInternal ? "ibgp" : "ebgp")}"))
        + " | " + string.Join("; ", NextHops.Select(kv => $"{kv.Key} {(kv.Value.Reachable ? "up" : "down")} {kv.Value.Cost}"))
        + " | " + string.Join(" || ", Histories.Select(h => string.Join(", ", h)));
}
