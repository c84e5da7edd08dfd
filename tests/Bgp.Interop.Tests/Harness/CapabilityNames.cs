using Bgp.Protocol.Capabilities;
using Bgp.Protocol.Messages;

namespace Bgp.Interop.Tests.Harness;

/// <summary>Our OPENs' capabilities in the harness's vocabulary, to compare with a peer daemon's view.</summary>
public static class CapabilityNames
{
    public static HashSet<PeerCapability> Of(OpenMessage open)
    {
        var set = new HashSet<PeerCapability>();
        foreach (var c in open.Capabilities)
        {
            PeerCapability? name = (CapabilityCode)c.Code switch
            {
                CapabilityCode.Multiprotocol => PeerCapability.Multiprotocol,
                CapabilityCode.RouteRefresh => PeerCapability.RouteRefresh,
                CapabilityCode.EnhancedRouteRefresh => PeerCapability.EnhancedRouteRefresh,
                CapabilityCode.FourOctetAs => PeerCapability.FourOctetAs,
                CapabilityCode.GracefulRestart => PeerCapability.GracefulRestart,
                CapabilityCode.LongLivedGracefulRestart => PeerCapability.LongLivedGracefulRestart,
                CapabilityCode.ExtendedMessage => PeerCapability.ExtendedMessage,
                CapabilityCode.AddPath => PeerCapability.AddPath,
                CapabilityCode.ExtendedNextHop => PeerCapability.ExtendedNextHop,
                CapabilityCode.Fqdn => PeerCapability.Fqdn,
                CapabilityCode.Role => PeerCapability.Role,
                _ => null,
            };
            if (name is { } n) set.Add(n);
        }
        return set;
    }
}
