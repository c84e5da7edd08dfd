using Bgp.Protocol;

namespace Bgp.Rib;

/// <summary>A path as the RIB reports it: the peer it came from, the prefix, its ADD-PATH identifier and its interned attributes.</summary>
public readonly record struct RibPath(int PeerId, Prefix Prefix, uint PathId, RouteAttributes Attributes)
{
    /// <summary>
    /// The path identifier this speaker sends the path with to an ADD-PATH peer (RFC 7911 3): its Loc-RIB
    /// storage slot plus one. A slot never moves while its path exists (an implicit withdraw keeps it), so
    /// a path that stays keeps its id and one that goes is withdrawn by it, at no memory per path. A slot
    /// freed and reused for another path of the same prefix gives that path the old id, which a receiver
    /// takes as a replacement of the old path: what RFC 7911 3 says an announcement of a known id means.
    /// Zero for a path not read from a <see cref="LocRib"/>.
    /// </summary>
    public uint LocalPathId { get; init; }

    public override string ToString() => $"{Prefix} from peer {PeerId} path-id {PathId}";
}
