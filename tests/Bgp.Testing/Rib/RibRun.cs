namespace Bgp.Testing.Rib;

/// <summary>Peers, the next-hop table's first states and a sequence of steps over a few prefixes, applied in order.</summary>
public sealed record RibRun(
    IReadOnlyList<RibPeerSpec> Peers,
    IReadOnlyDictionary<string, (bool Reachable, uint Cost)> NextHops,
    IReadOnlyList<RibStep> Steps)
{
    public override string ToString() =>
        string.Join("; ", Peers.Select(p => $"peer {p.Id} {p.Address} AS{p.RemoteAs} id {p.BgpId} {(p.IsInternal ? "ibgp" : "ebgp")}"))
        + " | " + string.Join("; ", NextHops.Select(kv => $"{kv.Key} {(kv.Value.Reachable ? "up" : "down")} {kv.Value.Cost}"))
        + " | " + string.Join(" || ", Steps);
}
