namespace Bgp.Daemon.Config;

/// <summary>What a reload must do to apply a peer's changed settings (flags: the strongest one wins in practice).</summary>
[Flags]
public enum PeerChangeEffect
{
    /// <summary>Nothing on the wire: take the new value (description, maxPrefixes, passive for the next attempt).</summary>
    None = 0,
    /// <summary>Re-run import policy over the peer's Adj-RIB-In (or ask for ROUTE-REFRESH, RFC 2918).</summary>
    SoftResetIn = 1,
    /// <summary>Re-run export policy and send the differences.</summary>
    SoftResetOut = 2,
    /// <summary>Something in the OPEN or the TCP connection changed: CEASE (RFC 4486 subcode 6, Other Configuration Change) and reconnect.</summary>
    SessionReset = 4,
}
