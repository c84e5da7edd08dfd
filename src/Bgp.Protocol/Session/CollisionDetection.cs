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
}
