namespace Bgp.Daemon.Config;

/// <summary>
/// A peer's <c>gracefulRestart:</c>. <see cref="Enabled"/> null follows the global setting;
/// <see cref="MaxRestartTime"/> caps the restart time the peer advertises (Calico's BGPPeer
/// maxRestartTime), so a peer cannot make us keep stale routes for an hour.
/// </summary>
public sealed record PeerGracefulRestartConfig
{
    public bool? Enabled { get; init; }
    public ushort MaxRestartTime { get; init; } = 120;
}
