namespace Bgp.Daemon.Config;

/// <summary>
/// A peer's <c>addPaths:</c> (RFC 7911): "receive", "send", "both", "none", a number N meaning both
/// directions, sending at most N paths per prefix (the N best in decision order that pass export), or "ecmp"
/// meaning both directions, sending the ECMP multipath set (the paths the decision process counts as equal to
/// the best, up to the global <c>maxPaths</c>; Junos "add-path send multipath"). Both "N" and "ecmp" include
/// receive so that one word configures a route reflector and its client alike, as "both" does.
/// <see cref="SendMaxPaths"/> 0 sends all paths unless <see cref="SendEcmp"/>. The OPEN offers ADD-PATH for
/// every configured family in the chosen directions (PeerSettings.AddPath); the RIB's send mode is set by
/// PeerRibMapping.
/// </summary>
public sealed record AddPathConfig
{
    public static readonly AddPathConfig None = new();

    public bool Receive { get; init; }
    public bool Send { get; init; }
    public int SendMaxPaths { get; init; }

    /// <summary>Send the multipath set rather than every path or the N best; only with <see cref="Send"/>.</summary>
    public bool SendEcmp { get; init; }
}
