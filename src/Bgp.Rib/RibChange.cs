using Bgp.Protocol;

namespace Bgp.Rib;

/// <summary>The outcome of one operation on one prefix.</summary>
public readonly record struct RibChange(Prefix Prefix, RibChangeKind Kind)
{
    public bool BestPathChanged => (Kind & RibChangeKind.BestPath) != 0;
    public bool MultipathChanged => (Kind & RibChangeKind.Multipath) != 0;
}
