using Bgp.Protocol;

namespace Bgp.Rib;

/// <summary>A path as the RIB reports it: the peer it came from, the prefix, its ADD-PATH identifier and its interned attributes.</summary>
public readonly record struct RibPath(int PeerId, Prefix Prefix, uint PathId, RouteAttributes Attributes)
{
    public override string ToString() => $"{Prefix} from peer {PeerId} path-id {PathId}";
}
