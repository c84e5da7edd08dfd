namespace Bgp.Protocol.Mrt;

/// <summary>TABLE_DUMP_V2 subtypes (RFC 6396 4.3, ADD-PATH ones from RFC 8050 4).</summary>
public enum TableDumpV2Subtype : ushort
{
    PeerIndexTable = 1,
    RibIpv4Unicast = 2,
    RibIpv4Multicast = 3,
    RibIpv6Unicast = 4,
    RibIpv6Multicast = 5,
    RibGeneric = 6,
    RibIpv4UnicastAddPath = 8,
    RibIpv4MulticastAddPath = 9,
    RibIpv6UnicastAddPath = 10,
    RibIpv6MulticastAddPath = 11,
    RibGenericAddPath = 12,
}
