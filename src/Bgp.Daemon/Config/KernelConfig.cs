namespace Bgp.Daemon.Config;

/// <summary>
/// <c>kernel:</c> whether best routes go into a kernel routing table. Off unless asked for (a route
/// reflector must not touch its own FIB); table 254 is "main", protocol 186 marks our routes so a
/// restarted daemon can find and reconcile them. Next-hop tracking (on by default with the kernel) feeds
/// each next hop's reachability and metric in the kernel table to the decision process (RFC 4271 9.1.2.1,
/// 9.1.2.2 (e)); off, every next hop counts as connected with cost 0.
/// </summary>
public sealed record KernelConfig
{
    public const uint MainTable = 254;
    public const byte DefaultProtocol = 186;

    public bool Enabled { get; init; }
    public uint Table { get; init; } = MainTable;
    public byte Protocol { get; init; } = DefaultProtocol;
    public bool NextHopTracking { get; init; } = true;
}
