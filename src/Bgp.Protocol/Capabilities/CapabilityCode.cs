namespace Bgp.Protocol.Capabilities;

/// <summary>Capability codes (IANA "Capability Codes" registry) that this speaker decodes.</summary>
public enum CapabilityCode : byte
{
    Multiprotocol = 1,
    RouteRefresh = 2,
    ExtendedNextHop = 5,
    ExtendedMessage = 6,
    Role = 9,
    GracefulRestart = 64,
    FourOctetAs = 65,
    AddPath = 69,
    EnhancedRouteRefresh = 70,
    LongLivedGracefulRestart = 71,
    Fqdn = 73,
}
