namespace Bgp.Interop.Tests.Harness;

/// <summary>
/// Capabilities as the three daemons report them, in one vocabulary so that one side's "sent" can be
/// compared with the other side's "received". Multiprotocol families are kept apart in
/// <see cref="NeighborView.SentFamilies"/> / <see cref="NeighborView.ReceivedFamilies"/>.
/// </summary>
public enum PeerCapability
{
    Multiprotocol,
    RouteRefresh,
    EnhancedRouteRefresh,
    FourOctetAs,
    GracefulRestart,
    LongLivedGracefulRestart,
    ExtendedMessage,
    AddPath,
    ExtendedNextHop,
    Fqdn,
    Role,
}
