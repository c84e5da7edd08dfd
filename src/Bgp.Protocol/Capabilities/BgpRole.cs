namespace Bgp.Protocol.Capabilities;

/// <summary>BGP roles of RFC 9234.</summary>
public enum BgpRole : byte
{
    Provider = 0,
    RouteServer = 1,
    RouteServerClient = 2,
    Customer = 3,
    Peer = 4,
}
