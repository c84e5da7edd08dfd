using System.Net;

namespace Bgp.Protocol.Mrt;

/// <summary>One entry of a PEER_INDEX_TABLE (RFC 6396 4.3.1).</summary>
public sealed record MrtPeer(uint BgpId, IPAddress Address, uint Asn);
