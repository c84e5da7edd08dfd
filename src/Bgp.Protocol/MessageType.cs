namespace Bgp.Protocol;

/// <summary>The message types of RFC 4271 section 4.1 and ROUTE-REFRESH of RFC 2918.</summary>
public enum MessageType : byte
{
    Open = 1,
    Update = 2,
    Notification = 3,
    Keepalive = 4,
    RouteRefresh = 5,
}
