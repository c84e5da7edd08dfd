namespace Bgp.Protocol.Mrt;

/// <summary>MRT record types (RFC 6396 4); the reader decodes the three that carry BGP-4 data.</summary>
public enum MrtRecordType : ushort
{
    TableDump = 12,
    TableDumpV2 = 13,
    Bgp4mp = 16,
    /// <summary>BGP4MP with the extended timestamp: a microsecond field follows the header (RFC 6396 3).</summary>
    Bgp4mpEt = 17,
}
