using System.Collections.Immutable;

namespace Bgp.Protocol.Mrt;

/// <summary>
/// TABLE_DUMP_V2 PEER_INDEX_TABLE (RFC 6396 4.3.1): the peers that the RIB entries after it name by index.
/// <code>
///  Collector BGP ID (4) | View Name Length (2) | View Name | Peer Count (2) | Peer Entries
///  Peer Entry: Peer Type (1) | Peer BGP ID (4) | Peer IP Address (4 or 16) | Peer AS (2 or 4)
/// </code>
/// Peer Type bit 0 set: IPv6 address; bit 1 set: 4-octet AS.
/// </summary>
public sealed class PeerIndexTable : MrtRecord
{
    public uint CollectorBgpId { get; init; }
    public string ViewName { get; init; } = "";
    public ImmutableArray<MrtPeer> Peers { get; init; } = [];
}
