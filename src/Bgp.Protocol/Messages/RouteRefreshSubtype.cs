namespace Bgp.Protocol.Messages;

/// <summary>ROUTE-REFRESH message subtypes (RFC 7313 3; the octet was Reserved in RFC 2918).</summary>
public enum RouteRefreshSubtype : byte
{
    Normal = 0,
    BeginningOfRouteRefresh = 1,
    EndOfRouteRefresh = 2,
}
