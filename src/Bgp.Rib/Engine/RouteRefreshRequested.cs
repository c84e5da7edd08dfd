using Bgp.Protocol;

namespace Bgp.Rib.Engine;

/// <summary>The peer sent a ROUTE-REFRESH (RFC 2918) for <paramref name="Family"/>: send it our routes again.</summary>
public sealed record RouteRefreshRequested(int PeerId, AfiSafi Family) : RibCommand;
