using Bgp.Protocol;

namespace Bgp.Rib.Engine;

/// <summary>
/// The import policy of the peer changed and its routes as received were not kept (no soft reconfiguration
/// inbound): the loop asks the peer for them again with a ROUTE-REFRESH (RFC 2918) for <paramref name="Family"/>.
/// </summary>
public sealed record RouteRefreshNeeded(int PeerId, AfiSafi Family) : RibOutcome(PeerId);
