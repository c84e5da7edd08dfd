using System.Net;

namespace Bgp.Rib.Policy;

/// <summary>
/// The peer a route was learned from (import), or for export the peer the route came from originally;
/// a locally originated route has no address and AS 0.
/// </summary>
public readonly record struct RouteSource(IPAddress? PeerAddress, uint PeerAs, RouteSourceKind Kind)
{
    /// <summary>The source of a route this speaker originates.</summary>
    public static RouteSource Local => new(null, 0, RouteSourceKind.Local);

    public static RouteSource Ebgp(IPAddress address, uint peerAs) => new(address, peerAs, RouteSourceKind.Ebgp);

    public static RouteSource Ibgp(IPAddress address, uint peerAs) => new(address, peerAs, RouteSourceKind.Ibgp);
}
