namespace Bgp.Protocol.Capabilities;

/// <summary>Route Refresh (RFC 2918, code 2).</summary>
public sealed record RouteRefreshCapability : Capability
{
    public override byte Code => (byte)CapabilityCode.RouteRefresh;
}
