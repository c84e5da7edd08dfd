using System.Collections.Immutable;

namespace Bgp.Protocol.Mrt;

/// <summary>
/// A TABLE_DUMP_V2 RIB record (RFC 6396 4.3.2 and 4.3.3, RFC 8050 4): one prefix and its paths.
/// <code>
///  RIB_AFI_SAFI:  Sequence Number (4) | Prefix Length (1) | Prefix | Entry Count (2) | RIB Entries
///  RIB_GENERIC:   Sequence Number (4) | AFI (2) | SAFI (1) | NLRI (one) | Entry Count (2) | RIB Entries
/// </code>
/// For IPv4/IPv6 unicast and multicast the prefix is decoded into <see cref="Prefix"/>; for other
/// families (RIB_GENERIC, e.g. VPN) the NLRI stays as bytes in <see cref="RawNlri"/>.
/// </summary>
public sealed class RibRecord : MrtRecord
{
    public uint SequenceNumber { get; init; }
    public AfiSafi Family { get; init; }
    public bool AddPath { get; init; }
    public Prefix? Prefix { get; init; }
    /// <summary>The NLRI as stored (length octet included) when <see cref="Prefix"/> is null.</summary>
    public ImmutableArray<byte> RawNlri { get; init; } = [];
    public ImmutableArray<RibEntry> Entries { get; init; } = [];
}
