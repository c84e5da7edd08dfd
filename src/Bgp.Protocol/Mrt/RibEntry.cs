using Bgp.Protocol.Attributes;
using Bgp.Protocol.Codec;

namespace Bgp.Protocol.Mrt;

/// <summary>
/// One RIB entry of a TABLE_DUMP_V2 RIB record (RFC 6396 4.3.4; Path Identifier from RFC 8050 4):
/// <code>
///  Peer Index (2) | Originated Time (4) | [Path Identifier (4)] | Attribute Length (2) | BGP Attributes
/// </code>
/// </summary>
public sealed class RibEntry
{
    public ushort PeerIndex { get; init; }
    /// <summary>The peer from the last PEER_INDEX_TABLE; null when there was none or the index is out of its range.</summary>
    public MrtPeer? Peer { get; init; }
    public uint OriginatedTime { get; init; }
    public uint PathId { get; init; }
    /// <summary>The decoded attribute block (4-octet AS numbers, abbreviated MP_REACH_NLRI); check its Error and Errors.</summary>
    public required AttributeBlock Attributes { get; init; }

    public PathAttributes PathAttributes => Attributes.Attributes;
}
