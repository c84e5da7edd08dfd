namespace Bgp.Protocol.Capabilities;

/// <summary>Enhanced Route Refresh (RFC 7313, code 70).</summary>
public sealed record EnhancedRouteRefreshCapability : Capability
{
    public override byte Code => (byte)CapabilityCode.EnhancedRouteRefresh;
}
