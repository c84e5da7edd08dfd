namespace Bgp.Daemon.Hosting;

/// <summary>The resets an operator can ask for (ResetPeer).</summary>
public enum PeerResetKind
{
    /// <summary>CEASE 6/4 Administrative Reset, then the session comes up again.</summary>
    Hard,
    /// <summary>ROUTE-REFRESH to the peer (RFC 2918): it sends its routes again through import policy.</summary>
    SoftIn,
    /// <summary>The Adj-RIB-Out is sent again.</summary>
    SoftOut,
}
