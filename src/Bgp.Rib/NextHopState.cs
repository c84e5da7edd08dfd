namespace Bgp.Rib;

/// <summary>
/// What the IGP (or the kernel table) says about a next hop: whether it resolves at all (RFC 4271 9.1.2.1:
/// a route whose NEXT_HOP is unresolvable is excluded from the decision) and the metric to reach it
/// (RFC 4271 9.1.2.2 (e)).
/// </summary>
public readonly record struct NextHopState(bool Reachable, uint IgpCost)
{
    public static readonly NextHopState Unreachable = new(false, uint.MaxValue);
    public static readonly NextHopState Connected = new(true, 0);
}
