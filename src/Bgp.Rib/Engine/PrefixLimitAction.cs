namespace Bgp.Rib.Engine;

/// <summary>What crossing a peer's <see cref="PeerRibOptions.PrefixLimit"/> does.</summary>
public enum PrefixLimitAction
{
    /// <summary>Report once per crossing and keep accepting routes.</summary>
    Warn,
    /// <summary>Report, ignore the peer's further UPDATEs, and have the loop close the session with CEASE 6/1 (RFC 4486).</summary>
    Shutdown,
}
