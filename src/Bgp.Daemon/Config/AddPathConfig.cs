namespace Bgp.Daemon.Config;

/// <summary>
/// A peer's <c>addPaths:</c> (RFC 7911): "receive", "send", "both", "none", or a number N meaning
/// both directions, sending at most N paths per prefix. <see cref="SendMaxPaths"/> 0 sends all paths.
/// </summary>
public sealed record AddPathConfig
{
    public static readonly AddPathConfig None = new();

    public bool Receive { get; init; }
    public bool Send { get; init; }
    public int SendMaxPaths { get; init; }
}
