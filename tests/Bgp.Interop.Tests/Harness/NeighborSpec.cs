using System.Net;
using Bgp.Protocol;

namespace Bgp.Interop.Tests.Harness;

/// <summary>
/// One neighbor in a peer daemon's configuration: single-hop eBGP or iBGP on a directly connected link,
/// with short connect-retry timers so a test never waits out a default two-minute back-off.
/// </summary>
public sealed record NeighborSpec(
    IPAddress Address,
    IPAddress LocalAddress,
    uint PeerAs,
    IReadOnlyList<AfiSafi> Families,
    string? Password = null,
    bool Passive = false)
{
    /// <summary>The neighbor is our route reflector client (RFC 4456).</summary>
    public bool RouteReflectorClient { get; init; }

    /// <summary>Export every route to the neighbor (the default exports nothing: a session test needs no routes).</summary>
    public bool ExportAll { get; init; }

    /// <summary>Graceful restart (RFC 4724) on the session: BIRD's <c>graceful restart on;</c>.</summary>
    public bool GracefulRestart { get; init; }

    /// <summary>With <see cref="GracefulRestart"/>, the RFC 8538 N bit (GoBGP's <c>notification-enabled</c>; GoBGP only).</summary>
    public bool GracefulRestartNotification { get; init; }
}
