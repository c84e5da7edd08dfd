namespace Bgp.Protocol;

/// <summary>Subcodes of ROUTE-REFRESH Message Error (RFC 7313).</summary>
public enum RouteRefreshErrorSubcode : byte
{
    Reserved = 0,
    InvalidMessageLength = 1,
}
