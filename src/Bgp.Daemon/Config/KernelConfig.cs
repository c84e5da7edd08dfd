namespace Bgp.Daemon.Config;

/// <summary>
/// <c>kernel:</c> whether best routes go into a kernel routing table. Off unless asked for (a route
/// reflector must not touch its own FIB); table 254 is "main", protocol 186 marks our routes so a
/// restarted daemon can find and reconcile them.
/// </summary>
public sealed record KernelConfig
{
    public const uint MainTable = 254;
    public const byte DefaultProtocol = 186;

    public bool Enabled { get; init; }
    public uint Table { get; init; } = MainTable;
    public byte Protocol { get; init; } = DefaultProtocol;
}
