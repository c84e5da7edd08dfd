namespace Bgp.Daemon.Config;

/// <summary>What happens when a peer sends more prefixes than <see cref="MaxPrefixesConfig.Limit"/>.</summary>
public enum MaxPrefixAction
{
    /// <summary>Log and keep the session (routes beyond the limit are still accepted).</summary>
    Warn,
    /// <summary>CEASE / Maximum Number of Prefixes Reached (RFC 4486 subcode 1).</summary>
    Shutdown,
}
