namespace Bgp.Protocol.Session;

/// <summary>
/// Connection collision detection (RFC 4271 6.8), as pure functions for the driver that holds the two
/// connections of one peer, each with its own <see cref="BgpFsm"/>.
/// <para>
/// When a connection receives an OPEN, the driver looks at the peer's other connection. If that one is
/// in OpenConfirm (or Established, see below) it collides: the connection opened by the speaker with
/// the higher BGP Identifier survives. RFC 6286 3 breaks a tie of identifiers (possible between
/// different ASes) by keeping the connection opened by the speaker with the larger AS number. A
/// connection still in OpenSent does not know the peer's identifier yet, so it does not collide; it
/// will be checked when its own OPEN arrives, by which time the other one is in OpenConfirm.
/// </para>
/// <para>
/// RFC 6.8: an existing connection in Established wins against the new one, unless
/// CollisionDetectEstablishedState is set, in which case the identifiers decide as above.
/// </para>
/// </summary>
public static class CollisionDetection
{
    /// <summary>Which connection of a colliding pair survives (RFC 4271 6.8 step 1-2, RFC 6286 3).</summary>
    public static ConnectionDirection Survivor(uint localBgpId, uint localAs, uint remoteBgpId, uint remoteAs)
    {
        if (localBgpId != remoteBgpId)
            return localBgpId < remoteBgpId ? ConnectionDirection.Incoming : ConnectionDirection.Outgoing;
        return localAs < remoteAs ? ConnectionDirection.Incoming : ConnectionDirection.Outgoing;
    }

    /// <summary>
    /// Decides what to do when the connection <paramref name="newDirection"/> has just received the peer's
    /// OPEN (carrying <paramref name="remoteBgpId"/> and <paramref name="remoteAs"/>) while the peer's other
    /// connection is in <paramref name="existingState"/>.
    /// </summary>
    public static CollisionOutcome Decide(
        SessionState existingState, ConnectionDirection newDirection,
        uint localBgpId, uint localAs, uint remoteBgpId, uint remoteAs, bool collisionDetectEstablishedState)
    {
        switch (existingState)
        {
            case SessionState.OpenConfirm:
                break;
            case SessionState.Established:
                if (!collisionDetectEstablishedState) return CollisionOutcome.CloseNew;
                break;
            default:
                return CollisionOutcome.NoCollision;
        }
        var keep = Survivor(localBgpId, localAs, remoteBgpId, remoteAs);
        return keep == newDirection ? CollisionOutcome.CloseExisting : CollisionOutcome.CloseNew;
    }

    /// <summary>
    /// True when the driver should not decide this collision itself but wait for the peer to dump one of the two
    /// connections, and keep the other: the new connection is the peer's (<see cref="ConnectionDirection.Incoming"/>),
    /// the identifiers make the peer the one whose connection survives, and the existing connection is in
    /// OpenConfirm or Established.
    /// <para>
    /// Why: in OpenConfirm or Established we have sent a KEEPALIVE on the existing connection, so the peer may
    /// already be Established on it, and 6.8 lets an Established connection beat a new one. Such a peer (BIRD,
    /// for one) dumps the new connection, while the identifiers tell us to dump the existing one: both
    /// connections die, and a Cease on a connection the peer holds Established also ends its graceful-restart
    /// help (it drops the routes it kept for us). Only the peer knows its own state, and it decides as soon as it
    /// reads the OPEN we sent on the new connection, so the driver holds the new connection's messages until the
    /// peer closes one of the two (then it keeps the other) or a short wait runs out (then <see cref="Decide"/>
    /// decides). Only the side with the lower identifier waits, so two speakers that both wait never wait for
    /// each other: the one with the higher identifier always decides at once.
    /// </para>
    /// </summary>
    public static bool AwaitsPeerChoice(
        SessionState existingState, ConnectionDirection newDirection,
        uint localBgpId, uint localAs, uint remoteBgpId, uint remoteAs) =>
        newDirection == ConnectionDirection.Incoming
        && existingState is SessionState.OpenConfirm or SessionState.Established
        && Survivor(localBgpId, localAs, remoteBgpId, remoteAs) == ConnectionDirection.Incoming;
}
