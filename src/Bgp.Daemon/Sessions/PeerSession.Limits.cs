using System.Buffers.Binary;
using Bgp.Protocol;
using Bgp.Protocol.Messages;
using Bgp.Protocol.Session;

namespace Bgp.Daemon.Sessions;

/// <summary>What the RIB asks of a session: closing it over a prefix limit, and asking the peer for its routes again.</summary>
public sealed partial class PeerSession
{
    /// <summary>
    /// The peer went over its prefix limit: AutomaticStop (RFC 4271 8.1.2 event 8) with CEASE / Maximum
    /// Number of Prefixes Reached, whose data is the AFI, SAFI and upper bound (RFC 4486 4). The session
    /// stays down (like ManualStop) until an operator starts it again; an automatic restart would only
    /// bring the same flood back.
    /// </summary>
    public Task CeaseMaxPrefixesAsync(AfiSafi family, uint limit, CancellationToken cancellationToken) =>
        StopWithAsync(new FsmInput(FsmEvent.AutomaticStop, MaxPrefixesNotification(family, limit)), null, cancellationToken);

    /// <summary>
    /// <see cref="CeaseMaxPrefixesAsync(AfiSafi, uint, CancellationToken)"/> for the prefixes the RIB counted in the
    /// Established numbered <paramref name="connectionEpoch"/> (<see cref="ConnectionEpoch"/>): nothing happens when
    /// that session has ended. Its routes go with its end, and a session up again since has sent none of them; if
    /// it goes over the limit too, its own count stops it.
    /// </summary>
    public Task CeaseMaxPrefixesAsync(long connectionEpoch, AfiSafi family, uint limit, CancellationToken cancellationToken) =>
        StopWithAsync(new FsmInput(FsmEvent.AutomaticStop, MaxPrefixesNotification(family, limit)), connectionEpoch, cancellationToken);

    /// <summary>The CEASE 6/1 NOTIFICATION of RFC 4486 4: AFI (2 octets), SAFI (1), prefix upper bound (4).</summary>
    public static NotificationMessage MaxPrefixesNotification(AfiSafi family, uint limit)
    {
        Span<byte> data = stackalloc byte[7];
        BinaryPrimitives.WriteUInt16BigEndian(data, (ushort)family.Afi);
        data[2] = (byte)family.Safi;
        BinaryPrimitives.WriteUInt32BigEndian(data[3..], limit);
        return new NotificationMessage(NotificationCode.Cease, (byte)CeaseSubcode.MaximumNumberOfPrefixesReached, data);
    }

    /// <summary>
    /// Queues a ROUTE-REFRESH for <paramref name="family"/> (RFC 2918), ahead of queued UPDATEs, on the connection of
    /// the Established numbered <paramref name="connectionEpoch"/> (<see cref="ConnectionEpoch"/>): the RIB asks for
    /// the routes of the session it knows, and a session up since sends its whole table anyway. False when the session
    /// is no longer in that Established or the peer did not announce the Route Refresh capability.
    /// </summary>
    public bool TrySendRouteRefresh(long connectionEpoch, AfiSafi family)
    {
        var established = _established;
        return established is not null && established.Epoch == connectionEpoch && SendRouteRefresh(established, family);
    }

    /// <summary>The ROUTE-REFRESH on <paramref name="established"/>'s connection, if what was negotiated on it allows one.</summary>
    private static bool SendRouteRefresh(EstablishedConnection? established, AfiSafi family) =>
        established is { Negotiated: { RouteRefresh: true } negotiated } && negotiated.Supports(family)
        && established.Connection.SendControl(new RouteRefreshMessage { Family = family });
}
