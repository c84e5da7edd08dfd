namespace Bgp.Daemon.Config;

/// <summary>
/// A peer's <c>addPaths:</c> (RFC 7911): "receive", "send", "both", "none", or a number N meaning
/// both directions, sending at most N paths per prefix (the N best in decision order that pass export).
/// <see cref="SendMaxPaths"/> 0 sends all paths. The OPEN offers ADD-PATH for every configured family in
/// the chosen directions (PeerSettings.AddPath); the RIB's send mode is set by PeerRibMapping.
/// </summary>
public sealed record AddPathConfig
{
    public static readonly AddPathConfig None = new();

    public bool Receive { get; init; }
    public bool Send { get; init; }
    public int SendMaxPaths { get; init; }
}
