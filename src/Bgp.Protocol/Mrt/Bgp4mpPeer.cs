using System.Net;

namespace Bgp.Protocol.Mrt;

/// <summary>
/// The addressing common to BGP4MP records (RFC 6396 4.4.1, 4.4.2):
/// <code>
///  Peer AS (2 or 4) | Local AS (2 or 4) | Interface Index (2) | Address Family (2) | Peer IP | Local IP
/// </code>
/// </summary>
public sealed record Bgp4mpPeer(uint PeerAs, uint LocalAs, ushort InterfaceIndex, IPAddress PeerAddress, IPAddress LocalAddress);
